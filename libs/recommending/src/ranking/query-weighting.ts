/**
 * A seed's vector as the query for related films: each dimension times the model's weight for the
 * purpose (the bundled model boosts its topical channel, see docs/model-topical.md), L2-normalised.
 * Only the query is weighed, so the index serves every purpose, and its cosines stay in [-1, 1].
 * No weights: the vector itself.
 */
export const weighQuery = (vector: Float32Array, weights: Float32Array | undefined): Float32Array => {
  if (!weights) return vector;
  if (weights.length !== vector.length) throw new Error(`query weights have ${weights.length} dimensions, the vector ${vector.length}`);
  const weighed = new Float32Array(vector.length);
  let norm = 0;
  for (let i = 0; i < vector.length; i++) {
    weighed[i] = vector[i] * weights[i];
    norm += weighed[i] * weighed[i];
  }
  // A vector with nothing in the weighed dimensions has no preference there: keep it as it is.
  if (norm === 0) return vector;
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < weighed.length; i++) weighed[i] *= scale;
  return weighed;
};
