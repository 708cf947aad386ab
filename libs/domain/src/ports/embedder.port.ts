import type { Film } from '../film.schema';

/**
 * `passage` texts are what gets indexed (synopses); `query` texts are what users type.
 * Asymmetric models (e5) prefix them differently; symmetric models ignore the kind.
 */
export type EmbeddingKind = 'passage' | 'query';

/**
 * What a query vector searches for: `related` films about the same things (related lists, search),
 * `same-film` the same film's synopsis in another language. A model whose vectors have separate
 * channels (the bundled one: identity, word vectors, topics) weighs them differently per purpose.
 */
export type SearchPurpose = 'related' | 'same-film';

/** Port for turning texts into unit-length vectors. */
export interface Embedder {
  /** Identifies model and preprocessing; vectors from different ids are not comparable. */
  readonly modelId: string;
  readonly dimension: number;
  /** One L2-normalised, finite, non-zero vector per text, in order. */
  embed(texts: string[], kind: EmbeddingKind): Promise<Float32Array[]>;
  /**
   * Per-dimension weights to multiply a query vector by before searching for `purpose` (then
   * re-normalise; indexed vectors stay as they are). Undefined, or no method: use the vector as it is.
   */
  queryWeights?(purpose: SearchPurpose): Float32Array | undefined;
  close(): Promise<void>;
}

export const EMBEDDER = Symbol('Embedder');

/** The text of a film that gets embedded: it belongs with the embedder (its length limit, its preparation). */
export type FilmEmbeddingText = (film: Film) => string;

export const FILM_EMBEDDING_TEXT = Symbol('FilmEmbeddingText');
