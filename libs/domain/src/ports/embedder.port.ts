import type { Film } from '../film.schema';

/**
 * `passage` texts are what gets indexed (synopses); `query` texts are what users type.
 * Asymmetric models (e5) prefix them differently; symmetric models ignore the kind.
 */
export type EmbeddingKind = 'passage' | 'query';

/** Port for turning texts into unit-length vectors. */
export interface Embedder {
  /** Identifies model and preprocessing; vectors from different ids are not comparable. */
  readonly modelId: string;
  readonly dimension: number;
  /** One L2-normalised, finite, non-zero vector per text, in order. */
  embed(texts: string[], kind: EmbeddingKind): Promise<Float32Array[]>;
  close(): Promise<void>;
}

export const EMBEDDER = Symbol('Embedder');

/** The text of a film that gets embedded: it belongs with the embedder (its length limit, its preparation). */
export type FilmEmbeddingText = (film: Film) => string;

export const FILM_EMBEDDING_TEXT = Symbol('FilmEmbeddingText');
