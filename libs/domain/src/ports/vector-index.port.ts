export interface Neighbour {
  id: string;
  /** Cosine similarity in [-1, 1]; higher is closer. */
  similarity: number;
}

/** Port for approximate nearest-neighbour search over unit vectors, keyed by film id. */
export interface VectorIndex {
  readonly dimension: number;
  upsert(id: string, vector: Float32Array): void;
  remove(id: string): void;
  has(id: string): boolean;
  vectorOf(id: string): Float32Array | undefined;
  size(): number;
  /**
   * Up to k nearest neighbours among ids accepted by `accept` (all when omitted),
   * best first.
   */
  search(vector: Float32Array, k: number, accept?: (id: string) => boolean): Neighbour[];
}

export const VECTOR_INDEX = Symbol('VectorIndex');
