import { mmrSelect } from './mmr';

const v = (...xs: number[]) => Float32Array.from(xs);

describe('mmrSelect', () => {
  // Two near-duplicates at the top, a different but slightly less relevant item below them.
  const items = [
    { id: 'war-1', relevance: 1.0, vector: v(1, 0, 0) },
    { id: 'war-2', relevance: 0.95, vector: v(0.99, 0.14, 0) },
    { id: 'dance', relevance: 0.8, vector: v(0, 0, 1) },
    { id: 'war-3', relevance: 0.6, vector: v(0.98, 0, 0.2) },
  ];
  const ids = (picked: { id: string }[]) => picked.map((p) => p.id);

  it('keeps the relevance order with diversity 0', () => {
    expect(ids(mmrSelect(items, 4, 0))).toEqual(['war-1', 'war-2', 'dance', 'war-3']);
  });

  it('moves a different item ahead of a near-duplicate as diversity grows', () => {
    expect(ids(mmrSelect(items, 3, 0.5))).toEqual(['war-1', 'dance', 'war-2']);
  });

  it('always starts with the most relevant item and returns at most count items', () => {
    expect(ids(mmrSelect(items, 2, 1))[0]).toBe('war-1');
    expect(mmrSelect(items, 2, 0.3)).toHaveLength(2);
    expect(mmrSelect([], 3, 0.3)).toEqual([]);
    expect(ids(mmrSelect(items, 10, 0.3)).sort()).toEqual(ids(items).sort());
  });
});
