import type { FilmCatalogue } from '@marquee/catalogue';
import type { Film, Neighbour } from '@marquee/domain';
import type { FilmMatcher } from '@marquee/recommending';
import { MAX_QUERIES, PackedDotProducts } from './packed-dot-products';

/**
 * The films an edition can recommend at all: those with a screening in its window (and at its
 * city, if it has one). Found once per edition, with their vectors unit-normalised and packed in
 * one Float32Array, so that a subscriber's liked films are compared with an audience's films by
 * a WebAssembly SIMD dot-product loop instead of one map lookup, copy and heap entry per film. An
 * edition's window holds a few hundred to a few thousand films per place even of a 100k-film catalogue.
 */
export class EditionCandidates {
  readonly dimension: number;
  private readonly ids: string[] = [];
  private readonly filmList: Film[] = [];
  private readonly dots: PackedDotProducts;
  private readonly positions = new Map<string, number>();

  constructor(catalogue: FilmCatalogue, window: FilmMatcher) {
    this.dimension = catalogue.index.dimension;
    const vectors: Float32Array[] = [];
    const atPlace = window.placeTest ? catalogue.venues.filmsAt(window.placeTest) : undefined;
    const found: { id: string; film: Film; vector: Float32Array; city: string }[] = [];
    for (const id of atPlace ?? [...catalogue.films()].map((e) => e.film.id)) {
      const film = catalogue.get(id)?.film;
      const vector = film && window.matches(film) ? catalogue.index.vectorOf(id) : undefined;
      if (film && vector) found.push({ id, film, vector, city: window.matchingScreenings(film)[0]?.place.city ?? '' });
    }
    // Most audiences are a city's: packed city by city, an audience's rows are read as a few runs of memory, not scattered.
    found.sort((a, b) => (a.city < b.city ? -1 : a.city > b.city ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const { id, film, vector } of found) {
      this.positions.set(id, this.ids.length);
      this.ids.push(id);
      this.filmList.push(film);
      vectors.push(vector);
    }
    const packed = new Float32Array(this.ids.length * this.dimension);
    vectors.forEach((vector, i) => {
      let squares = 0;
      for (let d = 0; d < vector.length; d++) squares += vector[d] * vector[d];
      const scale = squares > 0 ? 1 / Math.sqrt(squares) : 0;
      const offset = i * this.dimension;
      for (let d = 0; d < vector.length; d++) packed[offset + d] = vector[d] * scale;
    });
    this.dots = new PackedDotProducts(packed, this.dimension);
  }

  get size(): number {
    return this.ids.length;
  }

  /** The films, in their packed order: what a worker thread needs to plan the edition. */
  get films(): readonly Film[] {
    return this.filmList;
  }

  /** A candidate's unit-normalised vector (a view: read only), e.g. for diversifying picks without copying the catalogue's. */
  vectorOf(id: string): Float32Array | undefined {
    const position = this.positions.get(id);
    return position === undefined ? undefined : this.dots.row(position);
  }

  idAt(position: number): string {
    return this.ids[position];
  }

  /** Positions of the candidates that also pass an audience's filters (place, languages, avoided genres). */
  among(catalogue: FilmCatalogue, matcher: FilmMatcher): Int32Array {
    const atPlace = matcher.placeTest ? catalogue.venues.filmsAt(matcher.placeTest) : undefined;
    const found: number[] = [];
    if (atPlace && atPlace.size < this.ids.length) {
      for (const id of atPlace) {
        const position = this.positions.get(id);
        if (position !== undefined && matcher.matches(this.filmList[position])) found.push(position);
      }
      found.sort((a, b) => a - b);
    } else {
      this.filmList.forEach((film, position) => {
        if (matcher.matches(film)) found.push(position);
      });
    }
    return Int32Array.from(found);
  }

  /** The k candidates among `positions` of highest cosine similarity to `query`, best first (ties by id). */
  nearest(query: Float32Array, positions: Int32Array, k: number): Neighbour[] {
    return this.nearestOfMany([query], positions, k)[0];
  }

  /**
   * `nearest` for several queries, reading the audience's rows once per MAX_QUERIES queries
   * rather than once per query: the same answers, for a fraction of the memory traffic.
   */
  nearestOfMany(queries: readonly Float32Array[], positions: Int32Array, k: number): Neighbour[][] {
    const dimension = this.dimension;
    const results: Neighbour[][] = queries.map(() => []);
    if (k <= 0 || positions.length === 0) return results;
    const scored: { query: Float32Array; at: number; scale: number }[] = [];
    queries.forEach((query, at) => {
      if (query.length !== dimension) return;
      let squares = 0;
      for (let d = 0; d < dimension; d++) squares += query[d] * query[d];
      if (squares > 0) scored.push({ query, at, scale: 1 / Math.sqrt(squares) });
    });
    for (let first = 0; first < scored.length; first += MAX_QUERIES) {
      const group = scored.slice(first, first + MAX_QUERIES);
      const dots = this.dots.scoresOfMany(
        group.map((g) => g.query),
        positions,
      );
      group.forEach(({ at, scale }, q) => {
        results[at] = this.best(dots.subarray(q * positions.length, (q + 1) * positions.length), scale, positions, k);
      });
    }
    return results;
  }

  /** The k best of one query's dot products with the rows at `positions`. */
  private best(dots: Float32Array, scale: number, positions: Int32Array, k: number): Neighbour[] {
    // The best k so far, ascending by similarity: k is a few dozen, so insertion beats a heap.
    const count = Math.min(k, positions.length);
    const bestSimilarity = new Float64Array(count).fill(-Infinity);
    const bestPosition = new Int32Array(count).fill(-1);
    for (let p = 0; p < positions.length; p++) {
      const position = positions[p];
      const similarity = Math.min(1, Math.max(-1, dots[p] * scale));
      if (similarity < bestSimilarity[0] || (similarity === bestSimilarity[0] && !this.before(position, bestPosition[0]))) continue;
      let i = 0;
      while (
        i + 1 < count &&
        (bestSimilarity[i + 1] < similarity || (bestSimilarity[i + 1] === similarity && this.before(position, bestPosition[i + 1])))
      ) {
        bestSimilarity[i] = bestSimilarity[i + 1];
        bestPosition[i] = bestPosition[i + 1];
        i++;
      }
      bestSimilarity[i] = similarity;
      bestPosition[i] = position;
    }
    const result: Neighbour[] = [];
    for (let i = count - 1; i >= 0; i--)
      if (bestPosition[i] >= 0) result.push({ id: this.ids[bestPosition[i]], similarity: bestSimilarity[i] });
    return result;
  }

  /** Equal similarities rank the smaller id first, as every index does. */
  private before(position: number, other: number): boolean {
    return other < 0 || this.ids[position] < this.ids[other];
  }
}
