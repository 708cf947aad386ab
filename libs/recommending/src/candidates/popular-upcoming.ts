import type { FilmCatalogue } from '@marquee/catalogue';
import { distanceFrom, type Candidate } from '../ranking/hybrid-score';
import type { CandidateQuery, CandidateSource } from './candidate-source';

/** Distance at which nearness halves a film's standing, as in the hybrid score's place feature. */
const NEAR_HALF_KM = 25;

/**
 * Cold start: with nothing known of what a visitor likes, the most popular films they can attend,
 * the nearer the better when their position is known. It applies only to queries without seeds,
 * and reads every film that passes the place filters (venue index): fine for a personal list or
 * a newsletter, not meant for a hot path over a large catalogue.
 */
export class PopularUpcomingNear implements CandidateSource {
  readonly name = 'popular-upcoming';

  constructor(private readonly catalogue: FilmCatalogue) {}

  candidates({ seeds, k, matcher, exclude, origin }: CandidateQuery): Candidate[] {
    if (seeds.length > 0 || k <= 0) return [];
    const atPlace = matcher.placeTest && this.catalogue.venues.filmsAt(matcher.placeTest);
    const ids = atPlace ?? [...this.catalogue.films()].map((entry) => entry.film.id);
    const standing = new Map<Candidate, number>();
    for (const id of ids) {
      const entry = this.catalogue.get(id);
      if (!entry || exclude.has(id)) continue;
      const screenings = matcher.matchingScreenings(entry.film);
      if (screenings.length === 0) continue;
      const km = origin && Math.min(...screenings.map((s) => distanceFrom([origin], s) ?? Infinity));
      const nearness = km === undefined ? 1 : 1 / (1 + km / NEAR_HALF_KM);
      standing.set({ id, film: entry.film, similarity: 0, screenings }, Math.log1p(entry.film.popularity ?? 0) * nearness);
    }
    return [...standing]
      .sort(([a, x], [b, y]) => y - x || a.screenings[0].startMs - b.screenings[0].startMs || (a.id < b.id ? -1 : 1))
      .slice(0, k)
      .map(([candidate]) => candidate);
  }
}
