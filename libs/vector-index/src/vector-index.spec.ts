import type { VectorIndex } from '@marquee/domain';
import { BruteForceVectorIndex } from './brute-force-vector-index';
import { HnswVectorIndex } from './hnsw-vector-index';
import { InvalidVectorError } from './vector-validation';

type ExactCapable = VectorIndex & {
  searchAmong(vector: Float32Array, k: number, ids: Iterable<string>): ReturnType<VectorIndex['search']>;
};

const implementations: Array<[string, (dimension: number) => ExactCapable]> = [
  ['HnswVectorIndex', (dimension) => new HnswVectorIndex({ dimension, initialCapacity: 4 })],
  ['BruteForceVectorIndex', (dimension) => new BruteForceVectorIndex({ dimension })],
];

const v = (...components: number[]): Float32Array => Float32Array.from(components);
const ids = (neighbours: Array<{ id: string }>): string[] => neighbours.map((n) => n.id);

describe.each(implementations)('%s', (_name, create) => {
  let index: ExactCapable;

  beforeEach(() => {
    index = create(3);
    index.upsert('east', v(1, 0, 0));
    index.upsert('north-east', v(0.8, 0.6, 0));
    index.upsert('north', v(0, 1, 0));
    index.upsert('up', v(0, 0, 1));
    index.upsert('west', v(-1, 0, 0));
  });

  it('finds nearest neighbours best first with cosine similarity', () => {
    const found = index.search(v(1, 0, 0), 3);

    expect(ids(found)).toEqual(['east', 'north-east', expect.any(String)]);
    expect(found[0].similarity).toBeCloseTo(1, 5);
    expect(found[1].similarity).toBeCloseTo(0.8, 5);
    expect(found[2].similarity).toBeCloseTo(0, 5);
  });

  it('compares by direction, not length', () => {
    const found = index.search(v(0, 5, 0), 1);
    expect(found).toEqual([{ id: 'north', similarity: expect.closeTo(1, 5) }]);
    expect(index.search(v(-3, 0, 0), 5).at(-1)).toEqual({ id: 'east', similarity: expect.closeTo(-1, 5) });
  });

  it('returns at most the number of vectors held, and nothing for k = 0', () => {
    expect(index.search(v(1, 0, 0), 50)).toHaveLength(5);
    expect(index.search(v(1, 0, 0), 0)).toEqual([]);
  });

  it('reports what it holds and returns a copy of a stored vector', () => {
    expect(index.size()).toBe(5);
    expect(index.has('north')).toBe(true);
    expect(index.has('south')).toBe(false);

    const stored = index.vectorOf('north-east') as Float32Array;
    expect(Array.from(stored)).toEqual([Math.fround(0.8), Math.fround(0.6), 0]);
    stored[0] = 42;
    expect(index.vectorOf('north-east')?.[0]).toBe(Math.fround(0.8));
    expect(index.vectorOf('south')).toBeUndefined();
  });

  it('keeps its own copy of an upserted vector', () => {
    const buffer = v(0, -1, 0);
    index.upsert('south', buffer);
    buffer.set([1, 0, 0]);

    expect(ids(index.search(v(0, -1, 0), 1))).toEqual(['south']);
  });

  it('replaces the vector when an existing id is upserted', () => {
    index.upsert('east', v(0, 0, -1));

    expect(index.size()).toBe(5);
    expect(Array.from(index.vectorOf('east') as Float32Array)).toEqual([0, 0, -1]);
    expect(ids(index.search(v(0, 0, -1), 1))).toEqual(['east']);
    expect(ids(index.search(v(1, 0, 0), 1))).toEqual(['north-east']);
  });

  it('forgets removed ids and ignores removing an unknown id', () => {
    index.remove('east');
    index.remove('never-there');

    expect(index.size()).toBe(4);
    expect(index.has('east')).toBe(false);
    expect(index.vectorOf('east')).toBeUndefined();
    expect(ids(index.search(v(1, 0, 0), 5))).not.toContain('east');
  });

  it('can add an id again after removing it', () => {
    index.remove('east');
    index.upsert('east', v(0, 0, 1));

    expect(index.size()).toBe(5);
    expect(ids(index.search(v(0, 0, 1), 2)).sort()).toEqual(['east', 'up']);
  });

  it('returns only accepted ids when given a filter', () => {
    const found = index.search(v(1, 0, 0), 2, (id) => id !== 'east' && id !== 'north-east');

    expect(ids(found)).toHaveLength(2);
    expect(ids(found)).not.toContain('east');
    expect(ids(found)).not.toContain('north-east');
    expect(index.search(v(1, 0, 0), 3, () => false)).toEqual([]);
  });

  it('searches exactly among given candidate ids, skipping unknown and repeated ones', () => {
    const found = index.searchAmong(v(1, 0, 0), 5, ['west', 'north', 'nope', 'north']);

    expect(ids(found)).toEqual(['north', 'west']);
  });

  it('rejects a vector of the wrong dimension with a clear error', () => {
    expect(() => index.upsert('flat', v(1, 0))).toThrow(InvalidVectorError);
    expect(() => index.upsert('flat', v(1, 0))).toThrow('Vector for "flat" has dimension 2, but the index expects 3');
    expect(() => index.search(v(1, 0, 0, 0), 1)).toThrow('Query vector has dimension 4, but the index expects 3');
    expect(index.has('flat')).toBe(false);
  });

  it('rejects non-finite and all-zero vectors without storing them', () => {
    expect(() => index.upsert('bad', v(1, Number.NaN, 0))).toThrow(/non-finite component \(NaN\) at position 1/);
    expect(() => index.upsert('bad', v(Infinity, 0, 0))).toThrow(InvalidVectorError);
    expect(() => index.upsert('bad', v(0, 0, 0))).toThrow(/all zeros/);
    expect(() => index.search(v(0, Number.NaN, 0), 1)).toThrow(InvalidVectorError);
    expect(index.has('bad')).toBe(false);
    expect(index.size()).toBe(5);
  });

  it('keeps the old vector when a replacement is invalid', () => {
    expect(() => index.upsert('east', v(Number.NaN, 0, 0))).toThrow(InvalidVectorError);
    expect(Array.from(index.vectorOf('east') as Float32Array)).toEqual([1, 0, 0]);
  });

  it('rejects a dimension that is not a positive integer', () => {
    expect(() => create(0)).toThrow(RangeError);
    expect(() => create(2.5)).toThrow(RangeError);
  });
});

describe('an empty index', () => {
  it.each(implementations)('%s finds nothing', (_name, create) => {
    const index = create(2);
    expect(index.size()).toBe(0);
    expect(index.search(v(1, 0), 10)).toEqual([]);
    expect(index.search(v(1, 0), 10, () => true)).toEqual([]);
  });
});
