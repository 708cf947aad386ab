/**
 * Baselines and metrics of eval:personal (they are measured next to Marquee's blend, not part of it).
 * Users and films are dense indices; a user's row lists the films they rated.
 */
import { invertSymmetricPositiveDefinite as invertSpd } from '@marquee/collaborative';

export interface TopNMetrics {
  hr10: number;
  recall10: number;
  ndcg10: number;
}

const K = 10;

/** Hit rate, recall (hits over min(10, held-out films)) and binary NDCG at 10, averaged over users with held-out films. */
export const topNMetrics = (ranked: readonly (readonly string[])[], heldOut: readonly ReadonlySet<string>[]): TopNMetrics => {
  let hr = 0;
  let recall = 0;
  let ndcg = 0;
  let users = 0;
  for (let u = 0; u < ranked.length; u++) {
    const truth = heldOut[u];
    if (truth.size === 0) continue;
    users++;
    let hits = 0;
    let dcg = 0;
    ranked[u].slice(0, K).forEach((filmId, rank) => {
      if (!truth.has(filmId)) return;
      hits++;
      dcg += 1 / Math.log2(rank + 2);
    });
    let ideal = 0;
    for (let rank = 0; rank < Math.min(K, truth.size); rank++) ideal += 1 / Math.log2(rank + 2);
    hr += hits > 0 ? 1 : 0;
    recall += hits / Math.min(K, truth.size);
    ndcg += dcg / ideal;
  }
  const round = (v: number) => Number((v / users).toFixed(4));
  return { hr10: round(hr), recall10: round(recall), ndcg10: round(ndcg) };
};

/** The `k` best-scored indices not excluded, best first. */
export const topIndices = (scores: Float64Array, exclude: ReadonlySet<number>, k: number): number[] => {
  const best: number[] = [];
  for (let j = 0; j < scores.length; j++) {
    if (exclude.has(j) || !(scores[j] > -Infinity)) continue;
    if (best.length < k || scores[j] > scores[best[best.length - 1]]) {
      let at = best.length < k ? best.length : k - 1;
      if (best.length < k) best.push(j);
      while (at > 0 && scores[best[at - 1]] < scores[j]) {
        best[at] = best[at - 1];
        at--;
      }
      best[at] = j;
    }
  }
  return best;
};

/** Item-kNN (Sarwar et al. 2001): cosine similarity of films' binary user vectors, the `neighbours` most similar kept per film. */
export const itemKnnScores = (rows: readonly number[][], films: number, neighbours: number): ((row: readonly number[]) => Float64Array) => {
  const usersOf: number[][] = Array.from({ length: films }, () => []);
  rows.forEach((row, u) => row.forEach((j) => usersOf[j].push(u)));
  const kept: { ids: number[]; sims: number[] }[] = [];
  const scratch = new Float64Array(films);
  for (let i = 0; i < films; i++) {
    scratch.fill(0);
    for (const u of usersOf[i]) for (const j of rows[u]) scratch[j] += 1;
    scratch[i] = 0;
    for (let j = 0; j < films; j++) if (scratch[j] > 0) scratch[j] /= Math.sqrt(usersOf[i].length * usersOf[j].length);
    const ids = topIndices(scratch, new Set(), neighbours).filter((j) => scratch[j] > 0);
    kept.push({ ids, sims: ids.map((j) => scratch[j]) });
  }
  return (row) => {
    const scores = new Float64Array(films);
    for (const i of row) kept[i].ids.forEach((j, n) => (scores[j] += kept[i].sims[n]));
    return scores;
  };
};

/**
 * EASE (Steck 2019) exact over every film, through its dual: with K = XXᵀ + λI (users × users),
 * XP = K⁻¹X and diag(P)_j = (1 − xⱼᵀK⁻¹xⱼ)/λ, so a user's scores −(K⁻¹X)_uj / P_jj need no films × films
 * inverse. Mathematically the same as the dense primal; feasible here because users are few.
 */
export const easeScores = (rows: readonly number[][], films: number, lambda: number): ((u: number) => Float64Array) => {
  const users = rows.length;
  const sets = rows.map((row) => new Set(row));
  const gram = new Float64Array(users * users);
  for (let a = 0; a < users; a++) {
    for (let b = a; b < users; b++) {
      let shared = 0;
      const [small, large] = sets[a].size < sets[b].size ? [rows[a], sets[b]] : [rows[b], sets[a]];
      for (const j of small) if (large.has(j)) shared++;
      gram[a * users + b] = gram[b * users + a] = shared;
    }
    gram[a * users + a] += lambda;
  }
  invertSpd(gram, users);
  // K⁻¹X, users × films.
  const kinvX = new Float64Array(users * films);
  for (let v = 0; v < users; v++) {
    for (const j of rows[v]) for (let u = 0; u < users; u++) kinvX[u * films + j] += gram[u * users + v];
  }
  const diagP = new Float64Array(films).fill(1);
  rows.forEach((row, v) => row.forEach((j) => (diagP[j] -= kinvX[v * films + j])));
  for (let j = 0; j < films; j++) diagP[j] /= lambda;
  return (u) => {
    const scores = new Float64Array(films);
    for (let j = 0; j < films; j++) scores[j] = -kinvX[u * films + j] / diagP[j];
    return scores;
  };
};
