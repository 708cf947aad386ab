import { z } from 'zod';
import { FilmSchema } from './film.schema';
import type { ParseResult } from './parse';

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

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The fields of a film that replicas index and filter on without looking further. */
const FILM_ARRAYS = ['directors', 'cast', 'countries', 'spokenLanguages', 'subtitleLanguages', 'genres', 'tags', 'screenings'] as const;

/** Why a decoded film-index value is not an indexed film, or undefined when it is one. */
const envelopeProblem = (value: unknown): string | undefined => {
  if (!isObject(value)) return '(root): not an object';
  const { film, version, contentHash, model, vector, indexedAt } = value;
  if (!Number.isSafeInteger(version) || (version as number) < 0) return 'version: not a non-negative integer';
  if (typeof contentHash !== 'string' || contentHash === '') return 'contentHash: not a non-empty string';
  if (!isObject(model) || typeof model.id !== 'string' || !Number.isSafeInteger(model.dimension) || (model.dimension as number) <= 0)
    return 'model: not a model id and dimension';
  if (typeof vector !== 'string' || vector === '') return 'vector: not a non-empty string';
  if (typeof indexedAt !== 'string') return 'indexedAt: not a string';
  if (!isObject(film) || typeof film.id !== 'string') return 'film: not a film with an id';
  if (!isObject(film.titles) || !isObject(film.synopses)) return 'film: titles or synopses missing';
  const missing = FILM_ARRAYS.find((field) => !Array.isArray(film[field]));
  return missing === undefined ? undefined : `film.${missing}: not an array`;
};

/**
 * Reads a `film-index` value the way API replicas do: the envelope (version, hash, model, vector)
 * is checked and the film is taken as the indexer wrote it, without running `FilmSchema` again.
 * film-index has one writer, the indexer, which published only films that passed `FilmSchema` at
 * the edge of the system (film-events, POST /events); checking them again would double the
 * replicas' cost per film for nothing. A value of another shape (another writer, a future layout)
 * is still refused rather than half read.
 */
export const readIndexedFilm = (raw: Buffer | string): ParseResult<IndexedFilm> => {
  let decoded: unknown;
  try {
    decoded = JSON.parse(raw.toString());
  } catch (error) {
    return { ok: false, reason: `malformed JSON: ${(error as Error).message}` };
  }
  const problem = envelopeProblem(decoded);
  return problem === undefined ? { ok: true, value: decoded as IndexedFilm } : { ok: false, reason: problem };
};
