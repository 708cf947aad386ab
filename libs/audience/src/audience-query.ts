import { z } from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const DEFAULT_WEEKS = 8;
const MAX_DAYS = 366 * 2;

const fields = {
  from: day.optional(),
  to: day.optional(),
  city: z.string().trim().min(1).max(120).optional(),
  venue: z.string().trim().min(1).max(200).optional(),
  lang: z.enum(['nl', 'en', 'fr']).default('en'),
};

const validRange = <T extends z.ZodType<{ from?: string; to?: string }>>(schema: T) =>
  schema
    .refine((q) => !(q.from && q.to) || q.from <= q.to, { message: 'from must not be after to', path: ['from'] })
    .refine((q) => !(q.from && q.to) || Date.parse(q.to) - Date.parse(q.from) <= MAX_DAYS * 86_400_000, {
      message: `the range must be at most ${MAX_DAYS} days`,
      path: ['to'],
    });

/** What every analytics answer and export takes: a date range, an optional city or venue, a language for labels. */
export const AudienceQuerySchema = validRange(z.strictObject(fields));

export const BreakdownSchema = z.enum(['city', 'venue', 'week']);
export type Breakdown = z.infer<typeof BreakdownSchema>;

/** A breakdown's query: the same, and what to break down by. */
export const BreakdownQuerySchema = validRange(z.strictObject({ ...fields, by: BreakdownSchema.default('city') }));
export type BreakdownQuery = z.infer<typeof BreakdownQuerySchema>;

export type AudienceQueryInput = z.input<typeof AudienceQuerySchema>;
export type AudienceQuery = z.infer<typeof AudienceQuerySchema>;

/** The range in ms (the whole of `to`'s day), `to` defaulting to today and `from` to eight weeks before it. */
export const queryRange = (query: AudienceQuery, now: Date): { fromMs: number; toMs: number } => {
  const toMs =
    (query.to ? Date.parse(`${query.to}T00:00:00Z`) : Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`)) + 86_400_000 - 1;
  const fromMs = query.from ? Date.parse(`${query.from}T00:00:00Z`) : toMs + 1 - DEFAULT_WEEKS * 7 * 86_400_000;
  return { fromMs, toMs };
};
