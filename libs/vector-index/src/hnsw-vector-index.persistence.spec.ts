import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graphVectors, HNSW_INDEX_FILES } from './hnsw-index-files';
import { HnswVectorIndex } from './hnsw-vector-index';

const DIMENSION = 32;

/** Deterministic, well spread unit vectors (a sine lattice), so runs are reproducible. */
const vectorFor = (seed: number): Float32Array => {
  const vector = Float32Array.from({ length: DIMENSION }, (_, i) => (Math.sin(seed * 12.9898 + i * 78.233) * 43758.5453) % 1);
  const norm = Math.hypot(...vector);
  return vector.map((x) => x / norm);
};

const searchAll = (index: HnswVectorIndex, queries: number, accept?: (id: string) => boolean) =>
  Array.from({ length: queries }, (_, q) => index.search(vectorFor(10_000 + q), 8, accept));

describe('HnswVectorIndex save and load', () => {
  let directory: string;
  beforeEach(() => (directory = mkdtempSync(join(tmpdir(), 'hnsw-'))));
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  /** 600 ids in an index that started with room for 64, then 50 removed: labels, slots and vacancies to restore. */
  const builtIndex = () => {
    const index = new HnswVectorIndex({ dimension: DIMENSION, initialCapacity: 64 });
    for (let i = 0; i < 600; i++) index.upsert(`film-${i}`, vectorFor(i));
    for (let i = 0; i < 600; i += 12) index.remove(`film-${i}`);
    return index;
  };

  it('loads an index that searches, filters and holds the same vectors as the saved one', async () => {
    const saved = builtIndex();
    expect(await saved.save(directory)).toEqual(Object.values(HNSW_INDEX_FILES));
    const loaded = await HnswVectorIndex.load(directory, { dimension: DIMENSION });

    expect(loaded.size()).toBe(saved.size());
    expect(loaded.capacity()).toBe(saved.capacity());
    expect(searchAll(loaded, 20)).toEqual(searchAll(saved, 20));
    const evenOnly = (id: string) => Number(id.split('-')[1]) % 2 === 0;
    expect(searchAll(loaded, 20, evenOnly)).toEqual(searchAll(saved, 20, evenOnly));
    expect(loaded.has('film-0')).toBe(false);
    expect(loaded.vectorOf('film-7')).toEqual(saved.vectorOf('film-7'));
  });

  it('goes on changing after a load: reuses vacant slots, grows past its capacity, never mixes up labels', async () => {
    await builtIndex().save(directory);
    const loaded = await HnswVectorIndex.load(directory, { dimension: DIMENSION });
    const capacity = loaded.capacity();

    for (let i = 0; i < 50; i++) loaded.upsert(`new-${i}`, vectorFor(5_000 + i));
    expect(loaded.capacity()).toBe(capacity);
    for (let i = 50; i < 50 + capacity; i++) loaded.upsert(`new-${i}`, vectorFor(5_000 + i));
    expect(loaded.capacity()).toBeGreaterThan(capacity);

    loaded.remove('film-7');
    loaded.upsert('film-8', vectorFor(5_003));
    for (const id of ['new-10', 'new-400', 'film-9']) {
      expect(loaded.search(loaded.vectorOf(id) as Float32Array, 1)[0]).toEqual({ id, similarity: expect.closeTo(1, 5) });
    }
    expect(loaded.search(vectorFor(7), 5).map((n) => n.id)).not.toContain('film-7');
    expect(
      loaded
        .search(vectorFor(5_003), 2)
        .map((n) => n.id)
        .sort(),
    ).toEqual(['film-8', 'new-3']);
  });

  it('refuses changes while it is being saved, and accepts them afterwards', async () => {
    const index = builtIndex();
    const saving = index.save(directory);
    expect(() => index.upsert('late', vectorFor(1))).toThrow(/being saved/);
    expect(() => index.remove('film-1')).toThrow(/being saved/);
    await saving;
    index.upsert('late', vectorFor(1));
    expect(index.has('late')).toBe(true);
  });

  it('takes over a loaded index in place', async () => {
    const saved = builtIndex();
    await saved.save(directory);
    const target = new HnswVectorIndex({ dimension: DIMENSION });
    target.upsert('stale', vectorFor(99_999));
    target.replaceWith(await HnswVectorIndex.load(directory, { dimension: DIMENSION }));

    expect(target.has('stale')).toBe(false);
    expect(target.size()).toBe(saved.size());
    expect(searchAll(target, 10)).toEqual(searchAll(saved, 10));
  });

  it("reads the vectors from hnswlib's graph file: the live ones, exactly as the index held them", async () => {
    const saved = builtIndex();
    await saved.save(directory);
    const bytes = readFileSync(join(directory, HNSW_INDEX_FILES.graph));
    const vectors = graphVectors(bytes, DIMENSION);

    expect(vectors.size).toBe(saved.size());
    expect(vectors.vectorOf(7)).toEqual(saved.vectorOf('film-7'));
    expect(vectors.vectorOf(0)).toBeUndefined();
    expect(() => graphVectors(bytes, DIMENSION / 2)).toThrow(/not an hnswlib index of 16-dimensional vectors/);
    expect(() => graphVectors(bytes.subarray(0, 1_000), DIMENSION)).toThrow(/do not fit/);
  });

  it('rejects a saved index of another dimension', async () => {
    await builtIndex().save(directory);
    await expect(HnswVectorIndex.load(directory, { dimension: DIMENSION * 2 })).rejects.toThrow(/32 dimensions, expected 64/);
  });
});
