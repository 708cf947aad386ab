import { z } from 'zod';

/** BCP-47 language tag, e.g. `nl`, `en`, `ar`, `pt-BR`, `zh-Hant`. */
export const LanguageTagSchema = z
  .string()
  .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'must be a BCP-47 language tag such as "nl" or "pt-BR"');

/** Text per language; keys are BCP-47 tags. */
export const LocalizedTextSchema = (maxLength: number) =>
  z
    .record(LanguageTagSchema, z.string().trim().min(1).max(maxLength))
    .refine((texts) => Object.keys(texts).length <= 40, 'at most 40 languages');

/** Zones already accepted: building an Intl.DateTimeFormat per screening dominated replica loading. */
const knownTimeZones = new Set<string>();

const isIanaTimeZone = (zone: string): boolean => {
  if (knownTimeZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    return false;
  }
  if (knownTimeZones.size < 1000) knownTimeZones.add(zone);
  return true;
};

/**
 * A link listing sites render (`href`, `src`): http(s) only, so that no `javascript:`, `data:` or
 * `vbscript:` URL is ever stored and served.
 */
export const HttpUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).max(2000);

export const VenueSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  city: z.string().trim().min(1).max(120),
  region: z.string().trim().min(1).max(120).optional(),
  /** ISO 3166-1 alpha-2, e.g. BE, NL. */
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code such as "BE"'),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
});

export const PriceSchema = z.strictObject({
  amount: z.number().nonnegative().max(100_000),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code such as "EUR"'),
});

export const ScreeningSchema = z
  .strictObject({
    id: z.string().trim().min(1).max(200),
    /** ISO 8601 with an explicit UTC offset, e.g. `2026-03-24T20:00:00+01:00`. */
    start: z.iso.datetime({ offset: true }),
    end: z.iso.datetime({ offset: true }).optional(),
    /** IANA time zone of the venue, used to show local times. */
    timeZone: z.string().refine(isIanaTimeZone, 'must be an IANA time zone such as "Europe/Brussels"'),
    venue: VenueSchema,
    price: PriceSchema.optional(),
    bookingUrl: HttpUrlSchema.optional(),
    /** Subtitle languages of this particular screening when they differ from the film's. */
    subtitleLanguages: z.array(LanguageTagSchema).max(20).optional(),
  })
  .refine((s) => s.end === undefined || Date.parse(s.end) > Date.parse(s.start), {
    message: 'end must be after start',
    path: ['end'],
  });

const names = z.array(z.string().trim().min(1).max(200)).max(200);

export const FilmSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'must be 1-128 characters of A-Z a-z 0-9 . _ : -'),
  titles: LocalizedTextSchema(500).refine((t) => Object.keys(t).length > 0, 'at least one title'),
  synopses: LocalizedTextSchema(100_000).default({}),
  directors: names.default([]),
  cast: names.default([]),
  /** ISO 3166-1 alpha-2 production countries. */
  countries: z
    .array(z.string().regex(/^[A-Z]{2}$/))
    .max(50)
    .default([]),
  year: z.number().int().min(1870).max(2100).optional(),
  runtimeMinutes: z.number().int().positive().max(2000).optional(),
  spokenLanguages: z.array(LanguageTagSchema).max(20).default([]),
  subtitleLanguages: z.array(LanguageTagSchema).max(20).default([]),
  genres: z.array(z.string().trim().min(1).max(80)).max(30).default([]),
  ageLimit: z.number().int().min(0).max(21).optional(),
  tags: z.array(z.string().trim().min(1).max(80)).max(100).default([]),
  url: HttpUrlSchema.optional(),
  image: HttpUrlSchema.optional(),
  /** Relative popularity, any non-negative scale (e.g. TMDB popularity). */
  popularity: z.number().nonnegative().optional(),
  screenings: z.array(ScreeningSchema).max(1000).default([]),
});

export type Venue = z.infer<typeof VenueSchema>;
export type Screening = z.infer<typeof ScreeningSchema>;
export type Film = z.infer<typeof FilmSchema>;
/** What producers send: fields with defaults may be left out. */
export type FilmInput = z.input<typeof FilmSchema>;
