import { MAX_QUERIES, PackedDotProducts } from './packed-dot-products';

/** A seeded generator, so that a failure can be replayed. */
const random = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31 - 0.5;
};

describe('PackedDotProducts', () => {
  const dimension = 24;
  const next = random(7);
  const matrix = Float32Array.from({ length: 50 * dimension }, next);
  const query = Float32Array.from({ length: dimension }, next);
  const expected = (row: number) => {
    let dot = 0;
    for (let d = 0; d < dimension; d++) dot += query[d] * matrix[row * dimension + d];
    return dot;
  };

  it.each([
    ['WebAssembly SIMD', true],
    ['JavaScript', false],
  ])('gives the dot products of the query with the chosen rows, in their order (%s)', (_, simd) => {
    const dots = new PackedDotProducts(matrix, dimension, simd);
    expect(dots.simd).toBe(simd);
    const positions = Int32Array.from([49, 0, 17, 17, 3]);
    const scores = [...dots.scores(query, positions)];
    expect(scores).toHaveLength(5);
    scores.forEach((score, i) => expect(score).toBeCloseTo(expected(positions[i]), 5));
  });

  it('runs in JavaScript when the dimension does not suit the SIMD kernel, with the same results', () => {
    const odd = new PackedDotProducts(matrix.subarray(0, 10 * 5), 5);
    expect(odd.simd).toBe(false);
    const row = [...odd.scores(query.subarray(0, 5), Int32Array.from([2]))][0];
    let dot = 0;
    for (let d = 0; d < 5; d++) dot += query[d] * matrix[10 + d];
    expect(row).toBeCloseTo(dot, 5);
  });

  it.each([
    ['WebAssembly SIMD', true],
    ['JavaScript', false],
  ])('scores several queries in one pass, each bit for bit as it scores alone (%s)', (_, simd) => {
    const dots = new PackedDotProducts(matrix, dimension, simd);
    const queries = Array.from({ length: MAX_QUERIES }, () => Float32Array.from({ length: dimension }, next));
    const positions = Int32Array.from([3, 49, 0, 12, 12, 30]);
    const alone = queries.map((q) => [...dots.scores(q, positions)]);
    for (let n = 1; n <= MAX_QUERIES; n++) {
      const together = [...dots.scoresOfMany(queries.slice(0, n), positions)];
      expect(together).toHaveLength(n * positions.length);
      for (let q = 0; q < n; q++) expect(together.slice(q * positions.length, (q + 1) * positions.length)).toEqual(alone[q]);
    }
    expect(() => dots.scoresOfMany([...queries, query], positions)).toThrow(/at most/);
  });

  it('answers nothing for no positions', () => {
    expect(new PackedDotProducts(matrix, dimension).scores(query, new Int32Array(0))).toHaveLength(0);
  });
});
