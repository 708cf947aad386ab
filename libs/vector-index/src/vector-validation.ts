/** A vector the index cannot store or search with: wrong dimension, non-finite or all zeros. */
export class InvalidVectorError extends Error {
  override readonly name = 'InvalidVectorError';
}

/**
 * Checks a vector against the index dimension and returns its L2 norm.
 * Rejecting here gives a clear message instead of NaN similarities or a native-addon error.
 */
export function validatedNorm(vector: Float32Array, dimension: number, what: string): number {
  if (vector.length !== dimension) {
    throw new InvalidVectorError(`${what} has dimension ${vector.length}, but the index expects ${dimension}`);
  }
  let sumOfSquares = 0;
  for (let i = 0; i < vector.length; i++) {
    const component = vector[i];
    if (!Number.isFinite(component)) {
      throw new InvalidVectorError(`${what} has a non-finite component (${component}) at position ${i}`);
    }
    sumOfSquares += component * component;
  }
  if (sumOfSquares === 0) {
    throw new InvalidVectorError(`${what} is all zeros and has no direction to compare by cosine`);
  }
  return Math.sqrt(sumOfSquares);
}

export function assertDimension(dimension: number): void {
  if (!Number.isInteger(dimension) || dimension < 1) {
    throw new RangeError(`Vector index dimension must be a positive integer, got ${dimension}`);
  }
}
