import type { Neighbour } from '@marquee/domain';
import { validatedNorm } from './vector-validation';
import { TopNeighbours } from './top-neighbours';

interface StoredVector {
  vector: Float32Array;
  norm: number;
}

/** Exact storage and exact cosine search: the whole of the brute-force index and the HNSW index's source of truth. */
export class VectorStore {
  private readonly vectors = new Map<string, StoredVector>();

  constructor(readonly dimension: number) {}

  /** Validates before anything is stored, so callers can validate first and then mutate other state. */
  normOf(vector: Float32Array, what: string): number {
    return validatedNorm(vector, this.dimension, what);
  }

  /** Keeps a private copy: callers may reuse their buffers. */
  put(id: string, vector: Float32Array, norm: number): void {
    this.vectors.set(id, { vector: Float32Array.from(vector), norm });
  }

  /** Stores the vector itself, not a copy: for vectors nothing else holds, e.g. views into a file just read. */
  adopt(id: string, vector: Float32Array, norm: number): void {
    this.vectors.set(id, { vector, norm });
  }

  delete(id: string): boolean {
    return this.vectors.delete(id);
  }

  has(id: string): boolean {
    return this.vectors.has(id);
  }

  /** The stored vector itself, not a copy: for the index's own persistence, which does not change it. */
  stored(id: string): Float32Array | undefined {
    return this.vectors.get(id)?.vector;
  }

  /** A copy, so the stored vector cannot be changed behind the index's back. */
  copyOf(id: string): Float32Array | undefined {
    const stored = this.vectors.get(id);
    // slice() copies the buffer at once; Float32Array.from walks an iterator.
    return stored?.vector.slice();
  }

  get size(): number {
    return this.vectors.size;
  }

  *entries(): IterableIterator<[string, Float32Array]> {
    for (const [id, stored] of this.vectors) yield [id, Float32Array.from(stored.vector)];
  }

  search(query: Float32Array, queryNorm: number, k: number, accept?: (id: string) => boolean): Neighbour[] {
    const top = new TopNeighbours(k);
    for (const [id, stored] of this.vectors) {
      if (accept && !accept(id)) continue;
      top.offer(id, cosine(query, queryNorm, stored));
    }
    return top.toSortedArray();
  }

  searchAmong(query: Float32Array, queryNorm: number, k: number, ids: Iterable<string>): Neighbour[] {
    const top = new TopNeighbours(k);
    const seen = new Set<string>();
    for (const id of ids) {
      const stored = this.vectors.get(id);
      if (stored === undefined || seen.has(id)) continue;
      seen.add(id);
      top.offer(id, cosine(query, queryNorm, stored));
    }
    return top.toSortedArray();
  }
}

function cosine(query: Float32Array, queryNorm: number, stored: StoredVector): number {
  const vector = stored.vector;
  let dot = 0;
  for (let i = 0; i < vector.length; i++) dot += query[i] * vector[i];
  return clampSimilarity(dot / (queryNorm * stored.norm));
}

/** Rounding can push a cosine of (anti)parallel vectors just past ±1. */
export function clampSimilarity(similarity: number): number {
  return Math.min(1, Math.max(-1, similarity));
}

/** k as a count of results: whole, non-negative, at most `available`. */
export function resultCount(k: number, available: number): number {
  if (!Number.isFinite(k) || k <= 0) return 0;
  return Math.min(Math.floor(k), available);
}
