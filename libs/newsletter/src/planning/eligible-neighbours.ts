import type { FilmCatalogue } from '@marquee/catalogue';
import type { Neighbour } from '@marquee/domain';
import type { CandidateQuery, CandidateSource, Seed } from '@marquee/recommending';
import type { EditionCandidates } from './edition-candidates';

type Candidate = ReturnType<CandidateSource['candidates']>[number];

export interface EligibleFilms {
  /** Names the audience, for the cache of nearest films. */
  key: string;
  /** Positions in the edition's candidates of the films the audience can attend. */
  positions: Int32Array;
}

/** Neighbours kept per liked film beyond those asked for, so that a subscriber's own exclusions rarely leave too few. */
const SPARE_NEIGHBOURS = 20;
const MAX_CACHED_SEEDS = 50_000;

/**
 * The films nearest to a subscriber's liked films among those their audience can attend: the
 * `CandidateSource` the newsletter gives the shared `Recommender`. Which of the edition's
 * candidates an audience (one place, languages, avoided genres) can attend is worked out once
 * (`eligible`, set by the planner before each recommendation); per subscriber only the dot
 * products of their liked films with those candidates and their own exclusions remain.
 */
export class EligibleNeighbours implements CandidateSource {
  readonly name = 'vector-neighbours';
  /** The films the current audience can attend; the planner sets it before asking the Recommender. */
  eligible: EligibleFilms = { key: '', positions: new Int32Array(0) };
  /**
   * A liked film's nearest eligible films per audience and k: many subscribers liked the same films.
   * An entry is a function of audience, film and k alone, so whoever filled it, the answer is the same.
   */
  private readonly nearestOf = new Map<string, { k: number; found: Neighbour[] }>();

  constructor(
    private readonly catalogue: FilmCatalogue,
    private readonly edition: () => EditionCandidates,
  ) {}

  /**
   * Finds ahead the nearest films of liked films of one audience's subscribers, in passes that read
   * the audience's rows once for several films (EditionCandidates.nearestOfMany): `candidates` then
   * finds them cached. `k` as the Recommender will ask it; another k is simply found again then.
   */
  prefetch(eligible: EligibleFilms, seeds: readonly Seed[], k: number): void {
    const wanted = new Map<string, Float32Array>();
    for (const seed of seeds) {
      if (!seed.film || wanted.has(seed.film.id)) continue;
      if (this.nearestOf.get(`${eligible.key}|${seed.film.id}`)?.k !== k) wanted.set(seed.film.id, seed.vector);
    }
    if (wanted.size === 0) return;
    const found = this.edition().nearestOfMany([...wanted.values()], eligible.positions, k + SPARE_NEIGHBOURS);
    [...wanted.keys()].forEach((id, i) => this.remember(`${eligible.key}|${id}`, k, found[i]));
  }

  candidates({ seeds, k, matcher, exclude }: CandidateQuery): Candidate[] {
    const nearest = new Map<string, Candidate>();
    for (const seed of seeds) {
      const key = seed.film && `${this.eligible.key}|${seed.film.id}`;
      const cached = key ? this.nearestOf.get(key) : undefined;
      let found = cached?.k === k ? cached.found : undefined;
      if (!found) {
        found = this.edition().nearest(seed.vector, this.eligible.positions, k + SPARE_NEIGHBOURS);
        if (key) this.remember(key, k, found);
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
            vector: this.edition().vectorOf(id),
          });
      }
    }
    return [...nearest.values()].sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : 1)).slice(0, k);
  }

  private remember(key: string, k: number, found: Neighbour[]): void {
    if (this.nearestOf.size >= MAX_CACHED_SEEDS) this.nearestOf.clear();
    this.nearestOf.set(key, { k, found });
  }
}
