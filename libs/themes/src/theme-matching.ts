import type { Theme } from '@marquee/domain';
import { dot } from './vectors';

/**
 * Gives each new centroid the id of the previous theme it is closest to, greedily by cosine
 * (the most similar pair first, each previous theme used once), when they are at least
 * `minSimilarity` alike; the others get fresh ids from `nextThemeNumber` on.
 */
export const matchThemeIds = (
  centroids: readonly Float32Array[],
  previous: readonly Pick<Theme, 'id' | 'centroid'>[],
  nextThemeNumber: number,
  minSimilarity: number,
): { ids: string[]; nextThemeNumber: number } => {
  const old = previous.map((theme) => Float32Array.from(theme.centroid));
  const pairs: { n: number; o: number; similarity: number }[] = [];
  centroids.forEach((centroid, n) =>
    old.forEach((o, oi) => {
      if (o.length !== centroid.length) return; // another model's themes never match
      const similarity = dot(centroid, o);
      if (similarity >= minSimilarity) pairs.push({ n, o: oi, similarity });
    }),
  );
  pairs.sort((a, b) => b.similarity - a.similarity);
  const ids: (string | undefined)[] = centroids.map(() => undefined);
  const used = new Set<number>();
  for (const { n, o } of pairs) {
    if (ids[n] !== undefined || used.has(o)) continue;
    ids[n] = previous[o].id;
    used.add(o);
  }
  let next = nextThemeNumber;
  return { ids: ids.map((id) => id ?? `theme-${next++}`), nextThemeNumber: next };
};
