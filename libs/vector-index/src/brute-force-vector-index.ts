import type { Neighbour, VectorIndex } from '@marquee/domain';
import { assertDimension } from './vector-validation';
import { resultCount, VectorStore } from './vector-store';

export interface BruteForceVectorIndexOptions {
  dimension: number;
}

/** Exact cosine search by scanning every vector: the reference for tests and benchmarks, and enough for tiny catalogues. */
export class BruteForceVectorIndex implements VectorIndex {
  readonly dimension: number;
  private readonly store: VectorStore;

  constructor(options: BruteForceVectorIndexOptions) {
    assertDimension(options.dimension);
    this.dimension = options.dimension;
    this.store = new VectorStore(options.dimension);
  }

  upsert(id: string, vector: Float32Array): void {
    const norm = this.store.normOf(vector, `Vector for "${id}"`);
    this.store.put(id, vector, norm);
  }

  remove(id: string): void {
    this.store.delete(id);
  }

  has(id: string): boolean {
    return this.store.has(id);
  }

  vectorOf(id: string): Float32Array | undefined {
    return this.store.copyOf(id);
  }

  size(): number {
    return this.store.size;
  }

  /** Every id with a copy of its vector, e.g. for snapshots. */
  entries(): IterableIterator<[string, Float32Array]> {
    return this.store.entries();
  }

  search(vector: Float32Array, k: number, accept?: (id: string) => boolean): Neighbour[] {
    const norm = this.store.normOf(vector, 'Query vector');
    return this.store.search(vector, norm, resultCount(k, this.store.size), accept);
  }

  /** Exact k nearest among the given ids; unknown ids are skipped. */
  searchAmong(vector: Float32Array, k: number, ids: Iterable<string>): Neighbour[] {
    const norm = this.store.normOf(vector, 'Query vector');
    return this.store.searchAmong(vector, norm, resultCount(k, this.store.size), ids);
  }
}
