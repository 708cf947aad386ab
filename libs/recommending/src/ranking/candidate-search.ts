import type { Neighbour, VectorIndex } from '@marquee/domain';
import type { FilmMatcher } from '../filters/event-filters';
import type { FilmCatalogue } from '@marquee/catalogue';
import type { Candidate } from './hybrid-score';

/** An index that can also rank a known list of ids exactly (both adapters in libs/vector-index can). */
interface ExactSearchIndex extends VectorIndex {
  searchAmong(vector: Float32Array, k: number, ids: Iterable<string>): Neighbour[];
}

const searchesAmong = (index: VectorIndex): index is ExactSearchIndex =>
  typeof (index as Partial<ExactSearchIndex>).searchAmong === 'function';

export interface CandidateQuery {
  vector: Float32Array;
  /** Candidates wanted: the rerank depth times the result limit. */
  k: number;
  matcher: FilmMatcher;
  /** Films never returned (the reference film is never its own recommendation). */
  exclude: ReadonlySet<string>;
  /** Up to this many films left by the place constraints are ranked by an exact scan instead of the graph. */
  exactScanMaxCandidates: number;
}

/**
 * The k films nearest to the vector among those the filters accept. The index gets the filter as
 * its accept callback, so it returns k accepted films whenever k exist (the HNSW adapter samples the
 * filter's selectivity and scans exactly when the graph would visit too much of itself).
 * A place constraint is answered first from the venue index: when it leaves few films, those are
 * checked and ranked exactly, without the callback round trips through the native graph search.
 */
export const findCandidates = (catalogue: FilmCatalogue, query: CandidateQuery): Candidate[] => {
  const { vector, k, matcher, exclude } = query;
  const accepts = (id: string): boolean => {
    if (exclude.has(id)) return false;
    const entry = catalogue.get(id);
    return entry !== undefined && matcher.matches(entry.film);
  };
  const index = catalogue.index;
  const atPlace = matcher.placeTest && catalogue.venues.filmsAt(matcher.placeTest);
  let neighbours: Neighbour[];
  if (atPlace && atPlace.size <= query.exactScanMaxCandidates && searchesAmong(index)) {
    neighbours = index.searchAmong(vector, k, [...atPlace].filter(accepts));
  } else if (atPlace) {
    neighbours = index.search(vector, k, (id) => atPlace.has(id) && accepts(id));
  } else {
    neighbours = index.search(vector, k, accepts);
  }
  return neighbours.flatMap(({ id, similarity }) => {
    const entry = catalogue.get(id);
    return entry ? [{ id, film: entry.film, similarity, screenings: matcher.matchingScreenings(entry.film) }] : [];
  });
};
