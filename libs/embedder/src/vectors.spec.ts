import { combineChunkVectors, toUnitVector } from './vectors';

const norm = (v: Float32Array) => Math.hypot(...v);

describe('toUnitVector', () => {
  it('scales to norm 1', () => {
    const unit = toUnitVector(Float32Array.of(3, 4))!;
    expect(Array.from(unit)).toEqual([expect.closeTo(0.6), expect.closeTo(0.8)]);
  });

  it('refuses zero, NaN and infinite vectors', () => {
    expect(toUnitVector(new Float32Array(4))).toBeUndefined();
    expect(toUnitVector(Float32Array.of(1, NaN))).toBeUndefined();
    expect(toUnitVector(Float32Array.of(1, Infinity))).toBeUndefined();
  });
});

describe('combineChunkVectors', () => {
  it('averages the chunks of each text weighted by tokens and re-normalises', () => {
    const vectors = Float32Array.of(1, 0, /* text 2: */ 1, 0, 0, 1, 0, 1);
    const [single, chunked] = combineChunkVectors({ vectors, dimension: 2, chunkCounts: [1, 3], weights: [5, 1, 1, 2] });
    expect(Array.from(single!)).toEqual([1, 0]);
    expect(chunked![0]).toBeCloseTo(1 / Math.sqrt(10));
    expect(chunked![1]).toBeCloseTo(3 / Math.sqrt(10));
    expect(norm(chunked!)).toBeCloseTo(1);
  });

  it('gives a text of one chunk the vector the weighted general case gives, bit for bit', () => {
    const vector = Float32Array.from({ length: 384 }, (_, i) => ((i * 7919) % 101) / 101 - 0.5);
    // Weight 2 takes the general path (sum, then normalise); doubling is exact, so the result must be identical.
    const [fast] = combineChunkVectors({ vectors: vector, dimension: 384, chunkCounts: [1], weights: [1] });
    const [general] = combineChunkVectors({ vectors: vector, dimension: 384, chunkCounts: [1], weights: [2] });
    expect(Array.from(fast!)).toEqual(Array.from(general!));
    expect(norm(fast!)).toBeCloseTo(1, 6);
  });

  it('skips unusable chunks and reports texts without any usable chunk', () => {
    const vectors = Float32Array.of(NaN, NaN, 0, 2, 0, 0);
    const [partly, none] = combineChunkVectors({ vectors, dimension: 2, chunkCounts: [2, 1], weights: [1, 1, 1] });
    expect(Array.from(partly!)).toEqual([0, 1]);
    expect(none).toBeUndefined();
  });
});
