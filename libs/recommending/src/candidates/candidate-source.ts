import type { Film } from '@marquee/domain';
import type { FilmMatcher } from '../filters/event-filters';
import type { GeoPoint } from '../filters/geo';
import type { Candidate } from '../ranking/hybrid-score';

/** What results should be like: a film (related events, a film a user liked) or the vector of a text (search). */
export interface Seed {
  vector: Float32Array;
  /** The film of the vector: results found from it name it as their reference. */
  film?: Film;
}

export interface CandidateQuery {
  /** None: nothing is known of what the visitor likes (cold start). */
  seeds: readonly Seed[];
  /** Candidates wanted: the rerank depth times the result limit. */
  k: number;
  matcher: FilmMatcher;
  /** Films never recommended: the reference film itself, what a user saw or booked already. */
  exclude: ReadonlySet<string>;
  /** The visitor's position, when known. */
  origin?: GeoPoint;
  now: Date;
}

/**
 * One way of finding candidates for the Recommender to rank. A source returns up to `k` films the
 * matcher accepts, none of them excluded, or none when it does not apply to the query.
 */
export interface CandidateSource {
  readonly name: string;
  candidates(query: CandidateQuery): Candidate[];
}
