import type { Neighbour, VectorIndex } from '@marquee/domain';
import { HierarchicalNSW } from 'hnswlib-node';
import { assertDimension } from './vector-validation';
import { clampSimilarity, resultCount, VectorStore } from './vector-store';

export interface HnswVectorIndexOptions {
  dimension: number;
  /** Slots allocated up front; the graph doubles when full. */
  initialCapacity?: number;
  /** Graph links per node: more means better recall and more memory. */
  m?: number;
  efConstruction?: number;
  /** Candidate list size at query time (raised to k when k is larger). */
  efSearch?: number;
  /** Seeds the level assignment, so a rebuilt index has the same graph. */
  randomSeed?: number;
}

/** Ids checked to estimate how selective a filter is. */
const SELECTIVITY_SAMPLE = 128;

interface Slot {
  label: number;
  /** Where the id sits in `ids`, for O(1) removal. */
  position: number;
}

/**
 * Approximate cosine search over hnswlib-node, keyed by string ids.
 *
 * Each new id gets a fresh numeric label and is added with `replaceDeleted`, so it takes over the
 * graph slot of a removed id and removals do not leak capacity. Labels are never recycled: a freed
 * slot keeps its old label until reused, and hnswlib would drop a recycled label's live mapping
 * when that slot is finally taken.
 */
export class HnswVectorIndex implements VectorIndex {
  readonly dimension: number;
  private readonly graph: HierarchicalNSW;
  private readonly store: VectorStore;
  private readonly m: number;
  private readonly efSearch: number;
  private readonly slots = new Map<string, Slot>();
  private readonly idByLabel = new Map<number, string>();
  /** Dense list of ids, so filters can be sampled without walking the map. */
  private readonly ids: string[] = [];
  private nextLabel = 0;
  /** Removed ids whose graph slots no new id has taken yet. */
  private vacantSlots = 0;

  constructor(options: HnswVectorIndexOptions) {
    assertDimension(options.dimension);
    const initialCapacity = options.initialCapacity ?? 1024;
    if (!Number.isInteger(initialCapacity) || initialCapacity < 1) {
      throw new RangeError(`initialCapacity must be a positive integer, got ${initialCapacity}`);
    }
    this.dimension = options.dimension;
    this.m = options.m ?? 16;
    this.efSearch = options.efSearch ?? 64;
    this.store = new VectorStore(options.dimension);
    this.graph = new HierarchicalNSW('cosine', options.dimension);
    this.graph.initIndex({
      maxElements: initialCapacity,
      m: this.m,
      efConstruction: options.efConstruction ?? 200,
      randomSeed: options.randomSeed ?? 100,
      allowReplaceDeleted: true,
    });
  }

  /** Inserts a new id, or replaces the vector of an existing one in place. */
  upsert(id: string, vector: Float32Array): void {
    const norm = this.store.normOf(vector, `Vector for "${id}"`);
    const point = Array.from(vector);
    const existing = this.slots.get(id);
    if (existing !== undefined) {
      // Adding a live label again makes hnswlib update that element and relink its neighbours.
      this.graph.addPoint(point, existing.label);
    } else {
      this.ensureRoomForOneMore();
      const label = this.nextLabel++;
      this.graph.addPoint(point, label, true);
      if (this.vacantSlots > 0) this.vacantSlots--;
      this.slots.set(id, { label, position: this.ids.length });
      this.idByLabel.set(label, id);
      this.ids.push(id);
    }
    this.store.put(id, vector, norm);
  }

  remove(id: string): void {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    this.graph.markDelete(slot.label);
    this.vacantSlots++;
    this.slots.delete(id);
    this.idByLabel.delete(slot.label);
    this.store.delete(id);
    const last = this.ids.pop() as string;
    if (last !== id) {
      this.ids[slot.position] = last;
      (this.slots.get(last) as Slot).position = slot.position;
    }
  }

  has(id: string): boolean {
    return this.slots.has(id);
  }

  vectorOf(id: string): Float32Array | undefined {
    return this.store.copyOf(id);
  }

  size(): number {
    return this.slots.size;
  }

  /** Graph slots allocated, live or vacant. */
  capacity(): number {
    return this.graph.getMaxElements();
  }

  /** Every id with a copy of its vector, e.g. for snapshots. */
  entries(): IterableIterator<[string, Float32Array]> {
    return this.store.entries();
  }

  /**
   * Unfiltered: a graph search with ef = max(efSearch, k).
   * Filtered: the graph search skips rejected ids, which costs more visits the rarer accepted ids
   * are; when the filter is selective enough an exact scan of the accepted ids is cheaper and exact.
   */
  search(vector: Float32Array, k: number, accept?: (id: string) => boolean): Neighbour[] {
    const norm = this.store.normOf(vector, 'Query vector');
    const count = resultCount(k, this.size());
    if (count === 0) return [];
    if (accept !== undefined && this.prefersExactScan(accept, count)) {
      return this.store.search(vector, norm, count, accept);
    }
    const found = this.searchGraph(vector, count, accept);
    // The graph can come back short when deletions or the filter cut off parts of it; a scan cannot.
    if (found.length < count) return this.store.search(vector, norm, count, accept);
    return found;
  }

  /** Exact k nearest among the given ids (e.g. candidates from another query); unknown ids are skipped. */
  searchAmong(vector: Float32Array, k: number, ids: Iterable<string>): Neighbour[] {
    const norm = this.store.normOf(vector, 'Query vector');
    return this.store.searchAmong(vector, norm, resultCount(k, this.size()), ids);
  }

  private ensureRoomForOneMore(): void {
    const capacity = this.graph.getMaxElements();
    if (this.vacantSlots === 0 && this.graph.getCurrentCount() >= capacity) {
      this.graph.resizeIndex(capacity * 2);
    }
  }

  /**
   * Estimates the accepted fraction p from an evenly spaced sample. A scan reads about p·n vectors;
   * the filtered graph search visits about ef/p nodes, comparing up to m neighbours each.
   */
  private prefersExactScan(accept: (id: string) => boolean, count: number): boolean {
    const total = this.ids.length;
    if (total <= SELECTIVITY_SAMPLE) return true;
    const step = total / SELECTIVITY_SAMPLE;
    let accepted = 0;
    for (let i = 0; i < SELECTIVITY_SAMPLE; i++) {
      if (accept(this.ids[Math.floor((i + 0.5) * step)])) accepted++;
    }
    const fraction = accepted / SELECTIVITY_SAMPLE;
    const ef = Math.max(this.efSearch, count);
    return fraction === 0 || fraction * fraction * total <= ef * this.m;
  }

  private searchGraph(vector: Float32Array, count: number, accept?: (id: string) => boolean): Neighbour[] {
    this.graph.setEf(Math.max(this.efSearch, count));
    let filterError: { error: unknown } | undefined;
    const filter = accept && ((label: number): boolean => {
      if (filterError !== undefined) return false;
      const id = this.idByLabel.get(label);
      try {
        return id !== undefined && accept(id);
      } catch (error) {
        // Throwing through the native addon is unsafe; rethrow once the search has returned.
        filterError = { error };
        return false;
      }
    });
    const { neighbors, distances } = this.graph.searchKnn(Array.from(vector), count, filter);
    if (filterError !== undefined) throw filterError.error;
    const found: Neighbour[] = [];
    for (let i = 0; i < neighbors.length; i++) {
      const id = this.idByLabel.get(neighbors[i]);
      if (id !== undefined) found.push({ id, similarity: clampSimilarity(1 - distances[i]) });
    }
    return found;
  }
}
