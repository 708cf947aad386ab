import type { Neighbour, VectorIndex } from '@marquee/domain';
import { BruteForceVectorIndex } from '@marquee/vector-index';
import { mean, percentile, recall, timed } from './measure';
import { progressBar } from './progress';
import { seededRandom } from '@marquee/random';
import { filterCases, shuffled, type SyntheticCatalogue, type SyntheticFilm } from './synthetic';

export const K = 10;
/** ef = max(efSearch, k): asking for k ≥ efSearch results and keeping the best 10 searches with ef = k. */
export const EF_SWEEP = [64, 96, 128, 192, 256];

export interface IndexRow {
  name: string;
  selectivity: number;
  recall: number;
  hnswMeanMs: number;
  hnswP99Ms: number;
  bruteMeanMs: number;
  speedup: number;
  /** Exact search among the accepted ids, listed beforehand (as from a venue index): no callback at all. */
  preFilteredMeanMs?: number;
}

/** The HNSW adapter's exact search among given ids (not part of the VectorIndex port). */
type SearchAmong = (vector: Float32Array, k: number, ids: Iterable<string>) => Neighbour[];
const searchAmongOf = (index: VectorIndex): SearchAmong | undefined => {
  const method = (index as { searchAmong?: SearchAmong }).searchAmong;
  return typeof method === 'function' ? method.bind(index) : undefined;
};

export interface Query {
  film: SyntheticFilm;
  vector: Float32Array;
}

export const pickQueries = (synthetic: SyntheticCatalogue, count: number): Query[] =>
  shuffled(
    synthetic.films.map((_, i) => i),
    seededRandom(7),
  )
    .slice(0, count)
    .map((i) => ({ film: synthetic.films[i], vector: synthetic.vectors[i] }));

/**
 * Runs the same queries through HNSW and brute force, alternating per query so that load from other
 * processes hits both alike. The accept callback looks each candidate up by id, like the API's.
 */
const compare = (
  name: string,
  hnsw: VectorIndex,
  brute: VectorIndex,
  queries: Query[],
  acceptFor?: (query: Query) => (id: string) => boolean,
  filter?: { selectivity: number; acceptedIds: string[] },
): IndexRow & { exact: Neighbour[][] } => {
  const bar = progressBar(name, queries.length, 'queries');
  const hnswMs: number[] = [];
  const bruteMs: number[] = [];
  const preFilteredMs: number[] = [];
  const recalls: number[] = [];
  const exact: Neighbour[][] = [];
  const searchAmong = filter && searchAmongOf(hnsw);
  for (const q of queries) {
    const accept = acceptFor?.(q);
    let started = performance.now();
    const found = hnsw.search(q.vector, K, accept);
    hnswMs.push(performance.now() - started);
    started = performance.now();
    const truth = brute.search(q.vector, K, accept);
    bruteMs.push(performance.now() - started);
    recalls.push(recall(found, truth));
    exact.push(truth);
    if (searchAmong && filter) {
      const ids = filter.acceptedIds.filter((id) => id !== q.film.id);
      started = performance.now();
      searchAmong(q.vector, K, ids);
      preFilteredMs.push(performance.now() - started);
    }
    bar.increment();
  }
  bar.stop();
  return {
    name,
    selectivity: filter?.selectivity ?? 1,
    recall: mean(recalls),
    hnswMeanMs: mean(hnswMs),
    hnswP99Ms: percentile(hnswMs, 99),
    bruteMeanMs: mean(bruteMs),
    speedup: mean(bruteMs) / mean(hnswMs),
    preFilteredMeanMs: preFilteredMs.length ? mean(preFilteredMs) : undefined,
    exact,
  };
};

/** ef sweep on the same queries against exact answers computed once. */
const sweepEf = (hnsw: VectorIndex, queries: Query[], exact: Neighbour[][], bruteMeanMs: number) =>
  EF_SWEEP.map((ef) => {
    const run = timed(queries, (q) => hnsw.search(q.vector, Math.max(ef, K)).slice(0, K));
    return {
      ef,
      recall: mean(run.answers.map((found, i) => recall(found, exact[i]))),
      meanMs: mean(run.ms),
      speedup: bruteMeanMs / mean(run.ms),
    };
  });

/** `replicaOrder`: film ids in the replica's order, so both exact scans walk the films (and the accept lookups) alike. */
export const measureIndex = (
  hnsw: VectorIndex,
  synthetic: SyntheticCatalogue,
  replicaOrder: Iterable<string>,
  { now, queries: queryCount, filteredQueries }: { now: Date; queries: number; filteredQueries: number },
) => {
  const position = new Map(synthetic.films.map((film, i) => [film.id, i]));
  const brute = new BruteForceVectorIndex({ dimension: hnsw.dimension });
  for (const id of replicaOrder) brute.upsert(id, synthetic.vectors[position.get(id) as number]);
  const byId = new Map(synthetic.films.map((film) => [film.id, film]));
  const queries = pickQueries(synthetic, queryCount);

  // Warm both paths (JIT, caches) before anything is timed.
  for (const q of queries.slice(0, 20)) {
    hnsw.search(q.vector, K);
    brute.search(q.vector, K);
  }
  const unfiltered = compare('unfiltered', hnsw, brute, queries);
  const sweep = sweepEf(hnsw, queries, unfiltered.exact, unfiltered.bruteMeanMs);
  // Every film has ~10 near-copies, which an unfiltered query finds first; this row asks for other films only.
  const fewer = queries.slice(0, filteredQueries);
  const otherFilms = compare(
    'other films only (own copies excluded)',
    hnsw,
    brute,
    fewer,
    (q) => (id) => byId.get(id)?.source !== q.film.source,
  );

  const filtered = filterCases(now).map((filter) => {
    const acceptedIds = synthetic.films.filter(filter.accept).map((film) => film.id);
    const acceptFor = (q: Query) => (id: string) => {
      const film = byId.get(id);
      return film !== undefined && id !== q.film.id && filter.accept(film);
    };
    return compare(filter.name, hnsw, brute, fewer, acceptFor, { selectivity: acceptedIds.length / synthetic.films.length, acceptedIds });
  });
  return { unfiltered, sweep, otherFilms, filtered };
};
