import type { UserInteractionInput } from '@marquee/domain';

/** MovieLens `movieId` → Marquee film id, from a `movieId,imdbId,tmdbId` links file: the catalogue names films `tmdb-<tmdbId>`. */
export type MovieLensLinks = ReadonlyMap<string, string>;

/** The film id of a MovieLens movie without a links file: the history stays usable on its own (collaborative signal). */
export const movieLensFilmId = (movieId: string): string => `movielens-${movieId}`;

const splitCsv = (line: string): string[] => line.split(',').map((field) => field.trim());

/** Reads a links file; movies with an empty tmdbId are left out (their ratings are refused with a reason). */
export const parseMovieLensLinks = (text: string): MovieLensLinks => {
  const links = new Map<string, string>();
  const [header, ...rows] = text.split(/\r?\n/);
  const columns = splitCsv(header ?? '');
  const movie = columns.indexOf('movieId');
  const tmdb = columns.indexOf('tmdbId');
  if (movie < 0 || tmdb < 0) throw new Error('a links file needs movieId and tmdbId columns');
  for (const row of rows) {
    const fields = splitCsv(row);
    if (/^\d+$/.test(fields[movie] ?? '') && /^\d+$/.test(fields[tmdb] ?? '')) links.set(fields[movie], `tmdb-${fields[tmdb]}`);
  }
  return links;
};

export type RowOutcome = { ok: true; input: UserInteractionInput } | { ok: false; reason: string };

export const MOVIELENS_HEADER = 'userId,movieId,rating,timestamp';

/**
 * One `userId,movieId,rating,timestamp` row as a rating interaction (timestamp: Unix seconds), or why
 * it cannot be one. The interaction schema then checks it like any other: the rating in half stars, the ids.
 */
export const movieLensRating = (line: string, links: MovieLensLinks | undefined): RowOutcome => {
  const fields = splitCsv(line);
  if (fields.length !== 4) return { ok: false, reason: `expected 4 fields (${MOVIELENS_HEADER}), got ${fields.length}` };
  const [userId, movieId, rating, timestamp] = fields;
  if (!/^\d+$/.test(movieId)) return { ok: false, reason: `movieId must be a whole number, got "${movieId}"` };
  if (!/^\d+(\.\d+)?$/.test(rating)) return { ok: false, reason: `rating must be a number, got "${rating}"` };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: `timestamp must be Unix seconds, got "${timestamp}"` };
  const filmId = links ? links.get(movieId) : movieLensFilmId(movieId);
  if (!filmId) return { ok: false, reason: `movieId ${movieId} has no tmdbId in the links file` };
  return {
    ok: true,
    input: {
      type: 'rating',
      userId,
      filmId,
      rating: Number(rating),
      occurredAt: new Date(Number(timestamp) * 1_000).toISOString(),
      context: { source: 'import' },
    } as UserInteractionInput,
  };
};
