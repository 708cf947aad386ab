import { z } from 'zod';
import { FilmSchema } from '@marquee/domain';

const languageList = z
  .string()
  .max(200)
  .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*(,[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*)*$/, 'must be language tags separated by commas, e.g. "nl,en"')
  .optional();

export const FilmIdParamSchema = FilmSchema.shape.id;

export const ListEventsQuerySchema = z.strictObject({
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  lang: languageList,
});

export const ShowEventQuerySchema = z.strictObject({ lang: languageList });

/** `limit` above the configured maximum is capped rather than refused. */
export const RelatedQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(10_000).default(6),
  lang: languageList,
});
