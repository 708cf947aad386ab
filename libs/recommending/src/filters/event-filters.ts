import { factsOf, localDayOf, parseWindowBound, type PlaceFacts, type ScreeningFacts, type WindowBound } from '@marquee/catalogue';
import type { Film } from '@marquee/domain';
import { fold, primaryLanguage } from '@marquee/text';
import { haversineKm, type GeoPoint } from './geo';

/**
 * Constraints a visitor puts on what they can attend. A film matches when at least one of its
 * screenings satisfies every screening-level constraint at once. A constraint is met only by data
 * that proves it: a screening without a price never matches `maxPrice`, a film without an age limit
 * never matches `maxAge`, a venue without coordinates is never within a radius.
 */
export interface EventFilters {
  /** Start of the window: an ISO instant with offset, or a date (YYYY-MM-DD) read as the screening's local date. Never earlier than now. */
  from?: string;
  /** End of the window, inclusive; same forms as `from`. */
  to?: string;
  cities?: string[];
  regions?: string[];
  /** ISO 3166-1 alpha-2. */
  countries?: string[];
  /** Venue names. */
  venues?: string[];
  near?: GeoPoint & { radiusKm: number };
  /** Languages the visitor reads: a screening matches when a spoken or subtitle language is one of them. */
  languages?: string[];
  /** Highest age limit admitted (the film's `ageLimit` ≤ this). */
  maxAge?: number;
  maxPrice?: number;
  /** Currency of `maxPrice`; when omitted the amount is compared in each screening's own currency. */
  currency?: string;
  /** The film has at least one of these genres. */
  genres?: string[];
  /** The film has none of these genres. */
  excludeGenres?: string[];
}

type Test<T> = (value: T) => boolean;

export interface FilmMatcher {
  /** Whether one of the film's screenings satisfies every constraint; allocates nothing (it runs inside index searches). */
  matches(film: Film): boolean;
  /** The film's screenings that satisfy every constraint, soonest first; empty when the film does not match. */
  matchingScreenings(film: Film): readonly ScreeningFacts[];
  /** The place constraints alone, to narrow candidates by venue before any film is read; undefined without any. */
  readonly placeTest?: Test<PlaceFacts>;
}

const intersects = (a: Iterable<string>, b: ReadonlySet<string>): boolean => {
  for (const value of a) if (b.has(value)) return true;
  return false;
};

const all = <T>(tests: Test<T>[]): Test<T> | undefined =>
  tests.length === 0 ? undefined : tests.length === 1 ? tests[0] : (value) => tests.every((test) => test(value));

/** Places are shared between screenings (film-facts interns them), so each is tested once per request. */
const oncePerPlace = (test: Test<PlaceFacts>): Test<PlaceFacts> => {
  const results = new Map<PlaceFacts, boolean>();
  return (place) => {
    let result = results.get(place);
    if (result === undefined) {
      result = test(place);
      results.set(place, result);
    }
    return result;
  };
};

const foldedSet = (values: readonly string[] | undefined): Set<string> | undefined =>
  values && values.length ? new Set(values.map(fold)) : undefined;

const placeTests = (filters: EventFilters): Test<PlaceFacts>[] => {
  const tests: Test<PlaceFacts>[] = [];
  const cities = foldedSet(filters.cities);
  const regions = foldedSet(filters.regions);
  const venues = foldedSet(filters.venues);
  const countries = filters.countries?.length ? new Set(filters.countries.map((c) => c.toUpperCase())) : undefined;
  if (cities) tests.push((p) => cities.has(p.city));
  if (regions) tests.push((p) => p.region !== undefined && regions.has(p.region));
  if (countries) tests.push((p) => countries.has(p.country));
  if (venues) tests.push((p) => venues.has(p.venue));
  const near = filters.near;
  if (near) {
    tests.push((p) => p.lat !== undefined && p.lon !== undefined && haversineKm(near, { lat: p.lat, lon: p.lon }) <= near.radiusKm);
  }
  return tests;
};

const windowTests = (from: WindowBound | undefined, to: WindowBound | undefined, now: Date): Test<ScreeningFacts>[] => {
  const earliest = Math.max(now.getTime() + 1, from?.kind === 'instant' ? from.epochMs : -Infinity);
  const tests: Test<ScreeningFacts>[] = [(s) => s.startMs >= earliest];
  if (to?.kind === 'instant') tests.push((s) => s.startMs <= to.epochMs);
  if (from?.kind === 'day') tests.push((s) => localDayOf(s) >= from.day);
  if (to?.kind === 'day') tests.push((s) => localDayOf(s) <= to.day);
  return tests;
};

const filmTests = (filters: EventFilters): Test<Film>[] => {
  const tests: Test<Film>[] = [];
  const { maxAge } = filters;
  if (maxAge !== undefined) tests.push((film) => film.ageLimit !== undefined && film.ageLimit <= maxAge);
  const included = foldedSet(filters.genres);
  const excluded = foldedSet(filters.excludeGenres);
  if (included) tests.push((film) => intersects(factsOf(film).genres, included));
  if (excluded) tests.push((film) => !intersects(factsOf(film).genres, excluded));
  return tests;
};

const screeningTests = (filters: EventFilters, now: Date): Test<ScreeningFacts>[] => {
  const tests = windowTests(
    filters.from === undefined ? undefined : parseWindowBound(filters.from),
    filters.to === undefined ? undefined : parseWindowBound(filters.to),
    now,
  );
  const place = all(placeTests(filters));
  if (place) {
    const placeOnce = oncePerPlace(place);
    tests.push((s) => placeOnce(s.place));
  }
  if (filters.languages?.length) {
    const readable = new Set(filters.languages.map(primaryLanguage));
    tests.push((s) => intersects(s.readable, readable));
  }
  const { maxPrice, currency } = filters;
  if (maxPrice !== undefined) {
    const wanted = currency?.toUpperCase();
    tests.push(
      ({ screening: { price } }) => price !== undefined && price.amount <= maxPrice && (wanted === undefined || price.currency === wanted),
    );
  }
  return tests;
};

/** Compiles filters once per request. */
export const compileFilters = (filters: EventFilters, now: Date): FilmMatcher => {
  const film = all(filmTests(filters));
  const screening = all(screeningTests(filters, now)) as Test<ScreeningFacts>;
  return {
    placeTest: all(placeTests(filters)),
    matches: (candidate) => (!film || film(candidate)) && factsOf(candidate).screenings.some(screening),
    matchingScreenings: (candidate) => (film && !film(candidate) ? [] : factsOf(candidate).screenings.filter(screening)),
  };
};
