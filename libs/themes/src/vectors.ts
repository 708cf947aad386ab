export const dot = (a: Float32Array, b: Float32Array): number => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
};

/** A unit-length copy (a zero vector stays zero). */
export const normalized = (vector: Float32Array): Float32Array => {
  const norm = Math.sqrt(dot(vector, vector));
  const out = new Float32Array(vector.length);
  if (norm === 0) return out;
  for (let i = 0; i < vector.length; i++) out[i] = vector[i] / norm;
  return out;
};
