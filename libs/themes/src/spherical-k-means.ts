import type { Random } from '@marquee/random';
import { dot, normalized } from './vectors';

export interface Clustering {
  /** Unit-length centroids. */
  centroids: Float32Array[];
  /** Index of each vector's centroid. */
  assignments: Int32Array;
}

export interface KMeansOptions {
  k: number;
  random: Random;
  maxIterations?: number;
}

/** k-means++ seeding on cosine distance: each next seed drawn with probability proportional to its distance to the nearest seed. */
const seeds = (vectors: readonly Float32Array[], k: number, random: Random): Float32Array[] => {
  const chosen = [vectors[Math.floor(random() * vectors.length)]];
  const nearest = new Float64Array(vectors.length).fill(Infinity);
  while (chosen.length < k) {
    const last = chosen[chosen.length - 1];
    let total = 0;
    for (let i = 0; i < vectors.length; i++) {
      nearest[i] = Math.min(nearest[i], Math.max(0, 1 - dot(vectors[i], last)));
      total += nearest[i];
    }
    if (total === 0) break;
    let target = random() * total;
    let pick = vectors.length - 1;
    for (let i = 0; i < vectors.length; i++) {
      target -= nearest[i];
      if (target <= 0) {
        pick = i;
        break;
      }
    }
    chosen.push(vectors[pick]);
  }
  return chosen.map((c) => Float32Array.from(c));
};

export const nearestCentroid = (vector: Float32Array, centroids: readonly Float32Array[]): number => {
  let best = 0;
  let bestSimilarity = -Infinity;
  for (let c = 0; c < centroids.length; c++) {
    const similarity = dot(vector, centroids[c]);
    if (similarity > bestSimilarity) {
      bestSimilarity = similarity;
      best = c;
    }
  }
  return best;
};

/**
 * Spherical k-means (Lloyd's iterations on cosine similarity) over unit vectors: what sentence
 * embeddings are compared by. An emptied cluster is reseeded with the vector farthest from its centroid.
 */
export const sphericalKMeans = (vectors: readonly Float32Array[], options: KMeansOptions): Clustering => {
  const { random, maxIterations = 50 } = options;
  const k = Math.min(options.k, vectors.length);
  const dimension = vectors[0]?.length ?? 0;
  let centroids = seeds(vectors, k, random);
  const assignments = new Int32Array(vectors.length).fill(-1);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let moved = 0;
    for (let i = 0; i < vectors.length; i++) {
      const c = nearestCentroid(vectors[i], centroids);
      if (c !== assignments[i]) {
        assignments[i] = c;
        moved += 1;
      }
    }
    const sums = centroids.map(() => new Float32Array(dimension));
    const counts = new Int32Array(centroids.length);
    vectors.forEach((vector, i) => {
      const sum = sums[assignments[i]];
      for (let d = 0; d < dimension; d++) sum[d] += vector[d];
      counts[assignments[i]] += 1;
    });
    centroids = sums.map((sum, c) => {
      if (counts[c] > 0) return normalized(sum);
      let farthest = 0;
      for (let i = 1; i < vectors.length; i++) {
        if (dot(vectors[i], centroids[assignments[i]]) < dot(vectors[farthest], centroids[assignments[farthest]])) farthest = i;
      }
      assignments[farthest] = c;
      moved += 1;
      return Float32Array.from(vectors[farthest]);
    });
    if (moved === 0) break;
  }
  return { centroids, assignments };
};
