import type { FilmCatalogue } from '@marquee/catalogue';
import type { CollaborativeSignal } from '@marquee/domain';
import type { Candidate } from '../ranking/hybrid-score';
import type { CandidateQuery, CandidateSource } from './candidate-source';

const dot = (a: Float32Array, b: Float32Array): number => {
  let sum = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) sum += a[i] * b[i];
  return sum;
};

/**
 * "Visitors who booked this also booked": the films most engaged with together with each seed film
 * (the collaborative signal's `neighboursOf`), that the matcher accepts and the query does not
 * exclude, with the seed as their reference. A candidate's similarity stays the cosine of the
 * synopses, so the hybrid ranking weighs it like any other; the source only widens the pool with
 * films the synopses alone would not find.
 */
export class CoEngagedFilms implements CandidateSource {
  readonly name = 'co-engaged';

  constructor(
    private readonly catalogue: FilmCatalogue,
    private readonly collaborative: CollaborativeSignal,
  ) {}

  candidates({ seeds, k, matcher, exclude }: CandidateQuery): Candidate[] {
    const found = new Map<string, { candidate: Candidate; weight: number }>();
    for (const seed of seeds) {
      if (!seed.film) continue;
      for (const { filmId, weight } of this.collaborative.neighboursOf(seed.film.id, k)) {
        if (exclude.has(filmId) || (found.get(filmId)?.weight ?? -Infinity) >= weight) continue;
        const entry = this.catalogue.get(filmId);
        if (!entry || !matcher.matches(entry.film)) continue;
        const screenings = matcher.matchingScreenings(entry.film);
        const vector = this.catalogue.index.vectorOf(filmId);
        const similarity = vector ? dot(seed.vector, vector) : 0;
        found.set(filmId, { candidate: { id: filmId, film: entry.film, similarity, screenings, reference: seed.film }, weight });
      }
    }
    return [...found.values()]
      .sort((a, b) => b.weight - a.weight || (a.candidate.id < b.candidate.id ? -1 : 1))
      .slice(0, k)
      .map(({ candidate }) => candidate);
  }
}
