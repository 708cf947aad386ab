import { weighQuery } from './query-weighting';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i], 0);

describe('weighQuery', () => {
  it('multiplies each dimension by its weight and re-normalises', () => {
    const weighed = weighQuery(new Float32Array([0.6, 0.8]), new Float32Array([1, 0.75]));
    expect(weighed[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(weighed[1]).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('changes which indexed vector is nearest, which a scaling of the whole query cannot', () => {
    const query = new Float32Array([0.8, 0.6]);
    const sameWords = new Float32Array([1, 0]);
    const sameTopic = new Float32Array([0, 1]);
    expect(dot(query, sameWords)).toBeGreaterThan(dot(query, sameTopic));
    const boosted = weighQuery(query, new Float32Array([1, 2]));
    expect(dot(boosted, sameTopic)).toBeGreaterThan(dot(boosted, sameWords));
  });

  it('returns the vector itself without weights, or when nothing is left in the weighed dimensions', () => {
    const vector = new Float32Array([0, 1]);
    expect(weighQuery(vector, undefined)).toBe(vector);
    expect(weighQuery(vector, new Float32Array([1, 0]))).toBe(vector);
  });

  it('refuses weights of another dimension', () => {
    expect(() => weighQuery(new Float32Array(3), new Float32Array(2))).toThrow(/2 dimensions, the vector 3/);
  });
});
