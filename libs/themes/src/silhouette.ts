import type { Random } from '@marquee/random';
import { dot } from './vectors';

/**
 * Mean silhouette on cosine distance, over at most `sampleSize` vectors (drawn with `random`) against
 * all of the sample: O(sample² · dimension), so that choosing k on a large catalogue stays affordable.
 * In [-1, 1]; higher means tighter, better separated clusters.
 */
export const silhouetteScore = (
  vectors: readonly Float32Array[],
  assignments: ArrayLike<number>,
  options: { sampleSize: number; random: Random },
): number => {
  let indices = vectors.map((_, i) => i);
  if (indices.length > options.sampleSize) {
    for (let i = indices.length - 1; i > 0; i--) {
      const j = Math.floor(options.random() * (i + 1));
      [indices[i], indices[j]] = [indices[j], indices[i]];
    }
    indices = indices.slice(0, options.sampleSize);
  }
  const clusters = Math.max(...indices.map((i) => assignments[i])) + 1;
  let total = 0;
  for (const i of indices) {
    const sums = new Float64Array(clusters);
    const counts = new Int32Array(clusters);
    for (const j of indices) {
      if (i === j) continue;
      sums[assignments[j]] += 1 - dot(vectors[i], vectors[j]);
      counts[assignments[j]] += 1;
    }
    const own = assignments[i];
    if (counts[own] === 0) continue; // a singleton's silhouette is 0 by convention
    const a = sums[own] / counts[own];
    let b = Infinity;
    for (let c = 0; c < clusters; c++) if (c !== own && counts[c] > 0) b = Math.min(b, sums[c] / counts[c]);
    if (b === Infinity) continue;
    total += (b - a) / Math.max(a, b);
  }
  return total / indices.length;
};
