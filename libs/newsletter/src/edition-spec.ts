import { EditionIdSchema } from '@marquee/domain';
import { z } from 'zod';

const day = z.iso.date();

/**
 * What an editor asks for: the use case's boundary, so the CLI and the preview build the same,
 * validated edition. Days are read on each venue's clock, `to` inclusive.
 */
export const EditionSpecSchema = z
  .strictObject({
    edition: EditionIdSchema,
    from: day,
    to: day,
    /** Only screenings in this city (a cinema's or a city's newsletter); default: near each subscriber. */
    city: z.string().trim().min(1).max(120).optional(),
    /** Only subscribers of this segment. */
    segment: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, 'must be a lowercase segment name')
      .optional(),
    /** Picks per newsletter, personal and popular together. */
    limit: z.number().int().min(1).max(20),
  })
  .refine((spec) => spec.from <= spec.to, { message: 'from must not be after to', path: ['to'] });

export type EditionSpec = z.infer<typeof EditionSpecSchema>;
