import type { FilmCatalogue } from '@marquee/catalogue';
import type { Neighbour, VectorIndex } from '@marquee/domain';
import type { CandidateQuery, CandidateSource } from '@marquee/recommending';

type Candidate = ReturnType<CandidateSource['candidates']>[number];

export interface EligibleFilms {
  /** Names the audience, for the cache of nearest films. */
  key: string;
  ids: readonly string[];
  set: ReadonlySet<string>;
}

/** Neighbours kept per liked film beyond those asked for, so that a subscriber's own exclusions rarely leave too few. */
const SPARE_NEIGHBOURS = 20;
const MAX_CACHED_SEEDS = 50_000;

interface ExactSearchIndex extends VectorIndex {
  searchAmong(vector: Float32Array, k: number, ids: Iterable<string>): Neighbour[];
}

const searchesAmong = (index: VectorIndex): index is ExactSearchIndex =>
  typeof (index as Partial<ExactSearchIndex>).searchAmong === 'function';

/**
 * The films nearest to a subscriber's liked films among those their audience can attend. An edition
 * sends thousands of subscribers of one place and language the same window, so which films pass
 * those filters is worked out once per audience (`eligible`, set by the planner before each
 * recommendation); per subscriber only their exclusions and the vector search remain.
 */
export class EligibleNeighbours implements CandidateSource {
  readonly name = 'vector-neighbours';
  /** The films the current audience can attend; the planner sets it before asking the Recommender. */
  eligible: EligibleFilms = { key: '', ids: [], set: new Set() };
  /** A liked film's nearest eligible films per audience: many subscribers liked the same films. */
  private readonly nearestOf = new Map<string, Neighbour[]>();

  constructor(
    private readonly catalogue: FilmCatalogue,
    private readonly exactScanMaxCandidates: number,
  ) {}

  candidates({ seeds, k, matcher, exclude }: CandidateQuery): Candidate[] {
    const nearest = new Map<string, Candidate>();
    for (const seed of seeds) {
      let found = seed.film && this.nearestOf.get(`${this.eligible.key}|${seed.film.id}`);
      if (!found) {
        found = this.search(seed.vector, k + SPARE_NEIGHBOURS);
        if (seed.film) {
          if (this.nearestOf.size >= MAX_CACHED_SEEDS) this.nearestOf.clear();
          this.nearestOf.set(`${this.eligible.key}|${seed.film.id}`, found);
        }
      }
      let taken = 0;
      for (const { id, similarity } of found) {
        if (exclude.has(id)) continue;
        if (++taken > k) break;
        const known = nearest.get(id);
        if (known && known.similarity >= similarity) continue;
        const entry = this.catalogue.get(id);
        if (entry)
          nearest.set(id, {
            id,
            film: entry.film,
            similarity,
            screenings: known?.screenings ?? matcher.matchingScreenings(entry.film),
            reference: seed.film,
          });
      }
    }
    return [...nearest.values()].sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : 1)).slice(0, k);
  }

  /** The k eligible films nearest to a vector: an exact scan of few, the graph for many. */
  private search(vector: Float32Array, k: number): Neighbour[] {
    const { ids, set } = this.eligible;
    const index = this.catalogue.index;
    if (ids.length <= this.exactScanMaxCandidates && searchesAmong(index)) return index.searchAmong(vector, k, ids);
    return index.search(vector, k, (id) => set.has(id));
  }
}
