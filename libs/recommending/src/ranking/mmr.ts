export interface MmrItem {
  /** Any scale; normalised over the items before it is traded against similarity. */
  relevance: number;
  vector: Float32Array;
}

const dot = (a: Float32Array, b: Float32Array): number => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
};

/**
 * Maximal marginal relevance: picks `count` items one by one, each maximising
 * (1 − diversity) · relevance − diversity · (highest similarity to an item already picked).
 * diversity 0 keeps the relevance order; 1 picks the most novel item each time after the first.
 * Relevance is min-max normalised and similarity clamped to [0, 1], so both sides share a scale.
 */
export const mmrSelect = <T extends MmrItem>(items: readonly T[], count: number, diversity: number): T[] => {
  if (items.length === 0 || count <= 0) return [];
  const relevances = items.map((item) => item.relevance);
  const low = Math.min(...relevances);
  const span = Math.max(...relevances) - low;
  const relevance = relevances.map((r) => (span > 0 ? (r - low) / span : 1));
  /** Highest similarity of each remaining item to the items picked so far. */
  const redundancy = new Array<number>(items.length).fill(0);
  const norms = diversity > 0 ? items.map((item) => Math.sqrt(dot(item.vector, item.vector))) : [];
  const cosine = (i: number, j: number): number =>
    norms[i] === 0 || norms[j] === 0 ? 0 : dot(items[i].vector, items[j].vector) / (norms[i] * norms[j]);
  const remaining = new Set(items.keys());
  const picked: T[] = [];
  while (picked.length < count && remaining.size > 0) {
    let best = -1;
    let bestValue = -Infinity;
    for (const i of remaining) {
      const value = (1 - diversity) * relevance[i] - diversity * redundancy[i];
      // Ties keep the relevance order.
      if (value > bestValue || (value === bestValue && relevance[i] > relevance[best])) {
        best = i;
        bestValue = value;
      }
    }
    remaining.delete(best);
    picked.push(items[best]);
    if (diversity > 0) {
      for (const i of remaining) redundancy[i] = Math.max(redundancy[i], Math.max(0, cosine(i, best)));
    }
  }
  return picked;
};
