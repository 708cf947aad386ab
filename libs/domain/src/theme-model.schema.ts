import { z } from 'zod';
import { FilmSchema } from './film.schema';

/** A theme's id stays the same across recomputations while its centroid stays close (`theme-7`). */
export const ThemeIdSchema = z.string().regex(/^theme-[0-9]{1,6}$/, 'must be a theme id such as "theme-7"');

/** One interest theme: a cluster of film vectors with the words and genres that set it apart. */
export const ThemeSchema = z.strictObject({
  id: ThemeIdSchema,
  /** Unit-length centroid, matched against the next recomputation's to keep the id. */
  centroid: z.array(z.number()).min(1),
  /** Films whose nearest theme this is. */
  size: z.number().int().nonnegative(),
  /** Most distinctive words per dashboard language (class-based TF-IDF over synopses in that language), best first. */
  words: z.record(z.string(), z.array(z.string()).max(20)),
  /** Genres over-represented in the theme, most distinctive first. */
  genres: z.array(z.string()).max(10),
  /** Most central films, best first. */
  topFilmIds: z.array(FilmSchema.shape.id).max(20),
});

export const ThemeShareSchema = z.strictObject({ themeId: ThemeIdSchema, share: z.number().min(0).max(1) });

/** The themes of one computation, and each film's shares of them (the nearest first; shares sum to 1). */
export const ThemeModelSchema = z.strictObject({
  /** Grows by one with every recomputation: aggregates and answers are cached under it. */
  version: z.number().int().nonnegative(),
  computedAt: z.iso.datetime({ offset: true }),
  /** How k was chosen: `silhouette` over a range, or `configured`. */
  kChoice: z.enum(['silhouette', 'configured']),
  silhouette: z.number(),
  /** The sequence number the next new theme id gets. */
  nextThemeNumber: z.number().int().positive(),
  themes: z.array(ThemeSchema),
  shares: z.record(FilmSchema.shape.id, z.array(ThemeShareSchema).min(1).max(5)),
});

export type Theme = z.infer<typeof ThemeSchema>;
export type ThemeShare = z.infer<typeof ThemeShareSchema>;
export type ThemeModel = z.infer<typeof ThemeModelSchema>;
