import { seededRandom } from '@marquee/random';
import { HnswVectorIndex } from './hnsw-vector-index';

const DIMENSION = 64;
const K = 10;

/** Normalised Gaussian samples are uniform on the sphere. */
function unitVectorSource(seed: number): () => Float32Array {
  const random = seededRandom(seed);
  const gaussian = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return () => {
    const vector = Float32Array.from({ length: DIMENSION }, gaussian);
    const norm = Math.hypot(...vector);
    return vector.map((component) => component / norm);
  };
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function exactNearest(vectors: Map<string, Float32Array>, query: Float32Array, k: number, accept = (_id: string) => true): string[] {
  return [...vectors]
    .filter(([id]) => accept(id))
    .map(([id, vector]) => ({ id, similarity: dot(query, vector) }))
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, k)
    .map((neighbour) => neighbour.id);
}

function recall(found: string[], expected: string[]): number {
  const truth = new Set(expected);
  return found.filter((id) => truth.has(id)).length / expected.length;
}

function buildIndex(count: number, seed: number, initialCapacity?: number, efSearch?: number) {
  const nextVector = unitVectorSource(seed);
  const index = new HnswVectorIndex({ dimension: DIMENSION, initialCapacity, efSearch });
  const vectors = new Map<string, Float32Array>();
  for (let i = 0; i < count; i++) {
    const vector = nextVector();
    vectors.set(`film-${i}`, vector);
    index.upsert(`film-${i}`, vector);
  }
  return { index, vectors };
}

/** Film number i is accepted when a hash of i lands below `fraction`: spread evenly, not in runs. */
function acceptFraction(fraction: number): (id: string) => boolean {
  return (id) => ((Number(id.slice('film-'.length)) * 2654435761) % 10_000) / 10_000 < fraction;
}

describe('HnswVectorIndex on 2,000 random unit vectors of dimension 64', () => {
  const { index, vectors } = buildIndex(2_000, 1);
  const queries = Array.from({ length: 100 }, unitVectorSource(2));

  it('reaches recall@10 of at least 0.95 against exact search', () => {
    const recalls = queries.map((query) =>
      recall(
        index.search(query, K).map((n) => n.id),
        exactNearest(vectors, query, K),
      ),
    );
    const meanRecall = recalls.reduce((sum, r) => sum + r, 0) / recalls.length;

    expect(meanRecall).toBeGreaterThanOrEqual(0.95);
  });

  it('reports similarity as 1 - cosine distance, best first', () => {
    const query = queries[0];
    const found = index.search(query, K);

    for (const neighbour of found) {
      expect(neighbour.similarity).toBeCloseTo(dot(query, vectors.get(neighbour.id) as Float32Array), 4);
    }
    const similarities = found.map((n) => n.similarity);
    expect(similarities).toEqual([...similarities].sort((a, b) => b - a));
  });

  it.each([0.9, 0.5, 0.01])('returns k accepted ids close to exact for a filter accepting %p of ids', (fraction) => {
    const accept = acceptFraction(fraction);
    let totalRecall = 0;
    for (const query of queries.slice(0, 30)) {
      const found = index.search(query, K, accept).map((n) => n.id);
      expect(found).toHaveLength(K);
      expect(found.every(accept)).toBe(true);
      totalRecall += recall(found, exactNearest(vectors, query, K, accept));
    }
    expect(totalRecall / 30).toBeGreaterThanOrEqual(0.95);
  });

  it('returns every accepted id when fewer than k are accepted', () => {
    const accepted = new Set(['film-3', 'film-333', 'film-1999']);
    const found = index.search(queries[0], K, (id) => accepted.has(id));

    expect(found.map((n) => n.id).sort()).toEqual([...accepted].sort());
  });

  it('passes on an error thrown by the filter', () => {
    let calls = 0;
    const failing = (): boolean => {
      calls += 1;
      if (calls > 200) throw new Error('filter broke');
      return true;
    };
    expect(() => index.search(queries[0], K, failing)).toThrow('filter broke');
  });

  it('finds exact neighbours among a candidate list', () => {
    const candidates = [...vectors.keys()].filter((_, i) => i % 7 === 0);
    const query = queries[1];

    const found = index.searchAmong(query, K, candidates).map((n) => n.id);

    expect(found).toEqual(exactNearest(vectors, query, K, (id) => candidates.includes(id)));
  });
});

/**
 * At 2,000 ids an exact scan is cheaper than any filtered graph search with the default ef; with
 * efSearch 32 filters accepting most ids take the graph: its results filtered, or (when that leaves
 * too few) the graph search with the filter.
 */
describe('HnswVectorIndex filtering through the graph (efSearch 32, 2,000 ids)', () => {
  const { index, vectors } = buildIndex(2_000, 1, undefined, 32);
  const queries = Array.from({ length: 30 }, unitVectorSource(3));
  /** What this small ef reaches without a filter: filtering must not lose more than a little of it. */
  const unfilteredRecall =
    queries.reduce(
      (sum, query) =>
        sum +
        recall(
          index.search(query, K).map((n) => n.id),
          exactNearest(vectors, query, K),
        ),
      0,
    ) / queries.length;

  it.each([0.95, 0.6])('returns k accepted ids close to exact for a filter accepting %p of ids', (fraction) => {
    const accept = acceptFraction(fraction);
    let totalRecall = 0;
    for (const query of queries) {
      const found = index.search(query, K, accept).map((n) => n.id);
      expect(found).toHaveLength(K);
      expect(found.every(accept)).toBe(true);
      totalRecall += recall(found, exactNearest(vectors, query, K, accept));
    }
    expect(totalRecall / queries.length).toBeGreaterThanOrEqual(unfilteredRecall - 0.05);
  });

  it('still returns k close to exact when the filter rejects the nearest ids, which sampling cannot see', () => {
    let totalRecall = 0;
    for (const query of queries) {
      const nearest = new Set(exactNearest(vectors, query, 3 * K));
      const accept = (id: string) => !nearest.has(id);
      const found = index.search(query, K, accept).map((n) => n.id);
      expect(found).toHaveLength(K);
      expect(found.every(accept)).toBe(true);
      totalRecall += recall(found, exactNearest(vectors, query, K, accept));
    }
    expect(totalRecall / queries.length).toBeGreaterThanOrEqual(unfilteredRecall - 0.05);
  });

  it('passes on an error thrown by the filter from inside the graph search', () => {
    let calls = 0;
    // Accepts the selectivity sample, rejects what comes next (so the graph search with the filter runs), then fails.
    const failing = (): boolean => {
      calls += 1;
      if (calls > 150) throw new Error('filter broke');
      return calls <= 128;
    };
    expect(() => index.search(queries[0], K, failing)).toThrow('filter broke');
  });
});

describe('HnswVectorIndex under change', () => {
  it('never returns removed ids and keeps recall on the rest', () => {
    const { index, vectors } = buildIndex(1_000, 3);
    for (let i = 0; i < 1_000; i += 2) {
      index.remove(`film-${i}`);
      vectors.delete(`film-${i}`);
    }

    expect(index.size()).toBe(500);
    let totalRecall = 0;
    for (const query of Array.from({ length: 30 }, unitVectorSource(4))) {
      const found = index.search(query, K).map((n) => n.id);
      expect(found.filter((id) => !vectors.has(id))).toEqual([]);
      totalRecall += recall(found, exactNearest(vectors, query, K));
    }
    expect(totalRecall / 30).toBeGreaterThanOrEqual(0.95);
  });

  it('reuses the slots of removed ids instead of growing', () => {
    const { index } = buildIndex(200, 5, 200);
    for (let i = 0; i < 100; i++) index.remove(`film-${i}`);
    const nextVector = unitVectorSource(6);
    const added = new Map<string, Float32Array>();
    for (let i = 0; i < 100; i++) {
      const vector = nextVector();
      added.set(`new-${i}`, vector);
      index.upsert(`new-${i}`, vector);
    }

    expect(index.capacity()).toBe(200);
    expect(index.size()).toBe(200);
    for (const [id, vector] of added) expect(index.search(vector, 1)[0].id).toBe(id);
  });

  it('replaces the vector of an existing id', () => {
    const { index, vectors } = buildIndex(1_000, 7);
    const oldVector = vectors.get('film-7') as Float32Array;
    const newVector = unitVectorSource(8)();

    index.upsert('film-7', newVector);
    vectors.set('film-7', newVector);

    expect(index.size()).toBe(1_000);
    expect(index.search(newVector, 1)[0]).toEqual({ id: 'film-7', similarity: expect.closeTo(1, 4) });
    expect(index.search(oldVector, K).map((n) => n.id)).not.toContain('film-7');
    expect(Array.from(index.vectorOf('film-7') as Float32Array)).toEqual(Array.from(newVector));
  });

  it('grows past its initial capacity', () => {
    const { index, vectors } = buildIndex(1_000, 9, 16);

    expect(index.size()).toBe(1_000);
    expect(index.capacity()).toBeGreaterThanOrEqual(1_000);
    let selfFound = 0;
    for (const [id, vector] of [...vectors].slice(0, 200)) {
      if (index.search(vector, 1)[0].id === id) selfFound++;
    }
    expect(selfFound).toBe(200);
  });
});
