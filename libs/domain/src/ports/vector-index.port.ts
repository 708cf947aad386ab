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

/** What `PersistentVectorIndex.loadSaved` read, put in place at once by `swapIn`. */
export interface LoadedVectorIndex {
  size: number;
  swapIn(): void;
}

/** A vector index that a replica writes into its snapshots and reads back. */
export interface PersistentVectorIndex extends VectorIndex {
  /** Writes the index into a directory and resolves to the names of its files; it must not change meanwhile. */
  save(directory: string): Promise<string[]>;
  /**
   * Reads what `save` wrote without touching the live index; `swapIn` then replaces its contents at
   * once. `files` holds the bytes of the files already read (and checked), which are not read again.
   */
  loadSaved(directory: string, files: ReadonlyMap<string, Buffer>): Promise<LoadedVectorIndex>;
}

/** Makes an empty index of a dimension: which adapter (hnswlib) is the infrastructure's choice. */
export type VectorIndexFactory = (dimension: number) => PersistentVectorIndex;

export const VECTOR_INDEX_FACTORY = Symbol('VectorIndexFactory');
