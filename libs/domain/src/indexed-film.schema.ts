import { z } from 'zod';
import { FilmSchema } from './film.schema';

/**
 * Value of the compacted `film-index` topic (key = film id): the film as indexed,
 * with its vector, so that API replicas never re-embed. A removal is a tombstone (null value).
 */
export const IndexedFilmSchema = z.strictObject({
  film: FilmSchema,
  version: z.number().int().nonnegative(),
  /** Hash of the embedded text; an update with the same hash keeps its vector. */
  contentHash: z.string().min(1),
  model: z.strictObject({ id: z.string().min(1), dimension: z.number().int().positive() }),
  /** Little-endian float32 vector, base64: a third of the size of a JSON number array. */
  vector: z.string().min(1),
  indexedAt: z.iso.datetime({ offset: true }),
});

export type IndexedFilm = z.infer<typeof IndexedFilmSchema>;

export const encodeVector = (vector: Float32Array): string =>
  Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');

export const decodeVector = (encoded: string): Float32Array => {
  const bytes = Buffer.from(encoded, 'base64');
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new Float32Array(copy.buffer, 0, Math.floor(bytes.length / 4));
};

/** The film version, on every `film-index` message: tombstones need it to be ordered against upserts, and indexers read it without parsing the value. */
export const FILM_INDEX_VERSION_HEADER = 'marquee-version';
