/** Below this norm a vector has no usable direction (e.g. a static model's mean of zero [UNK] rows). */
const MIN_NORM = 1e-6;

/** The vector scaled to L2 norm 1, or undefined when it has NaN/Infinity or is (nearly) zero. */
export const toUnitVector = (vector: Float32Array): Float32Array | undefined => scaleToUnit(vector, new Float32Array(vector.length));

/** `vector` scaled to norm 1 into `unit` (which may be `vector` itself), or undefined as for toUnitVector. */
const scaleToUnit = (vector: Float32Array, unit: Float32Array): Float32Array | undefined => {
  let squares = 0;
  for (let i = 0; i < vector.length; i++) squares += vector[i] * vector[i];
  const norm = Math.sqrt(squares);
  if (!Number.isFinite(norm) || norm < MIN_NORM) return undefined;
  for (let i = 0; i < vector.length; i++) unit[i] = vector[i] / norm;
  return unit;
};

export interface ChunkVectors {
  /** One vector per chunk, concatenated. */
  vectors: Float32Array;
  dimension: number;
  /** How many consecutive chunks belong to each text. */
  chunkCounts: number[];
  /** Weight of each chunk in its text's average (its token count). */
  weights: number[];
}

/**
 * One unit vector per text: the weighted mean of its usable chunk vectors, re-normalised.
 * A text whose chunks are all unusable gets undefined, for the caller to replace.
 */
export const combineChunkVectors = ({ vectors, dimension, chunkCounts, weights }: ChunkVectors): Array<Float32Array | undefined> => {
  let chunk = 0;
  return chunkCounts.map((count) => {
    if (count === 1 && weights[chunk] === 1) {
      // The weighted sum of one chunk of weight 1 is its unit vector: normalised again in place, the vector is
      // bit for bit the general case's, without its two other arrays.
      const unit = toUnitVector(vectors.subarray(chunk * dimension, ++chunk * dimension));
      return unit && scaleToUnit(unit, unit);
    }
    const sum = new Float32Array(dimension);
    for (const end = chunk + count; chunk < end; chunk++) {
      const unit = toUnitVector(vectors.subarray(chunk * dimension, (chunk + 1) * dimension));
      if (!unit) continue;
      for (let i = 0; i < dimension; i++) sum[i] += weights[chunk] * unit[i];
    }
    return toUnitVector(sum);
  });
};
