import type { Film } from '@marquee/domain';
import { creditsOf, factsOf, type CreditFacts, type ScreeningFacts } from '@marquee/catalogue';
import { haversineKm, type GeoPoint } from '../filters/geo';
import type { RankingWeights } from './ranking-weights';

const HOUR_MS = 3_600_000;
/** Days until the first screening at which time closeness halves. */
const TIME_HALF_DAYS = 7;
/** Distance at which place closeness halves. */
const PLACE_HALF_KM = 25;
/** Screenings of a candidate looked at for place closeness (they are sorted by time, not distance). */
const PLACE_SCREENINGS = 20;

export type RankingFeatures = { [K in keyof RankingWeights]: number };

/** A film a candidate source found, with its similarity and the screenings that satisfy the filters. */
export interface Candidate {
  id: string;
  film: Film;
  similarity: number;
  screenings: readonly ScreeningFacts[];
  /** The film it was found for (related events: that film; personal: a film the user liked), which ranking and explanations compare it with. */
  reference?: Film;
  /** Its vector when the source holds one at hand (read only, any scale): diversifying then copies none. */
  vector?: Float32Array;
}

/** Where place closeness is measured from: the visitor's position, else the reference film's venues. */
export interface PlaceOrigin {
  points: readonly GeoPoint[];
  /** Folded city names, for venues without coordinates. */
  cities: ReadonlySet<string>;
}

export interface RankingContext {
  now: Date;
  /** Credits of the film the results relate to; absent for free-text search. */
  reference?: CreditFacts;
  origin: PlaceOrigin;
  /** Highest popularity among the candidates. */
  maxPopularity: number;
  /** Lowest and highest similarity among the candidates. */
  similarityRange: { low: number; high: number };
}

/** What a set of candidates is measured against: their popularity and similarity ranges. */
export const candidateRanges = (candidates: readonly Candidate[]): Pick<RankingContext, 'maxPopularity' | 'similarityRange'> => ({
  maxPopularity: Math.max(0, ...candidates.map((c) => c.film.popularity ?? 0)),
  similarityRange: {
    low: Math.min(...candidates.map((c) => c.similarity)),
    high: Math.max(...candidates.map((c) => c.similarity)),
  },
});

export const NO_ORIGIN: PlaceOrigin = { points: [], cities: new Set() };

/** The venues of the reference film's screenings still to come, or of all its screenings when none are. */
export const originOfFilm = (film: Film, now: Date): PlaceOrigin => {
  const all = factsOf(film).screenings;
  const upcoming = all.filter((s) => s.startMs > now.getTime());
  const screenings = upcoming.length ? upcoming : all;
  return {
    points: screenings.flatMap(({ place }) =>
      place.lat !== undefined && place.lon !== undefined ? [{ lat: place.lat, lon: place.lon }] : [],
    ),
    cities: new Set(screenings.map((s) => s.place.city)),
  };
};

const ochiai = (a: ReadonlySet<string>, b: ReadonlySet<string>): number => {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const value of a) if (b.has(value)) shared++;
  return shared / Math.sqrt(a.size * b.size);
};

/** Overlap of two films' themes (Ochiai), the `themes` ranking feature. */
export const themeOverlap = (a: CreditFacts, b: CreditFacts): number => ochiai(a.themes, b.themes);

const sharedCount = (a: ReadonlySet<string>, b: ReadonlySet<string>): number => {
  let shared = 0;
  for (const value of a) if (b.has(value)) shared++;
  return shared;
};

/** Shortest distance from any origin point to the screening's venue; undefined without coordinates. */
export const distanceFrom = (points: readonly GeoPoint[], screening: ScreeningFacts): number | undefined => {
  const { lat, lon } = screening.place;
  if (lat === undefined || lon === undefined || points.length === 0) return undefined;
  return Math.min(...points.map((point) => haversineKm(point, { lat, lon })));
};

const placeCloseness = (screenings: readonly ScreeningFacts[], origin: PlaceOrigin): number => {
  let best = 0;
  for (const screening of screenings.slice(0, PLACE_SCREENINGS)) {
    const km = distanceFrom(origin.points, screening);
    const closeness = km !== undefined ? 1 / (1 + km / PLACE_HALF_KM) : origin.cities.has(screening.place.city) ? 1 : 0;
    best = Math.max(best, closeness);
  }
  return best;
};

export const rankingFeatures = (candidate: Candidate, context: RankingContext): RankingFeatures => {
  const facts = creditsOf(candidate.film);
  const reference = context.reference;
  const first = candidate.screenings[0];
  // Whole hours, so answers computed moments apart (another replica, a retry) score alike.
  const days = first ? Math.floor(Math.max(0, first.startMs - context.now.getTime()) / HOUR_MS) / 24 : Infinity;
  const popularity = candidate.film.popularity ?? 0;
  const { low, high } = context.similarityRange;
  const span = high - low;
  return {
    semantic: span > 0 ? (candidate.similarity - low) / span : 1,
    directors: reference && sharedCount(reference.directors, facts.directors) > 0 ? 1 : 0,
    cast: reference ? Math.min(1, sharedCount(reference.cast, facts.cast) / 2) : 0,
    genres: reference ? ochiai(reference.genres, facts.genres) : 0,
    tags: reference ? ochiai(reference.tags, facts.tags) : 0,
    themes: reference ? themeOverlap(reference, facts) : 0,
    countries: reference ? ochiai(reference.countries, facts.countries) : 0,
    time: 1 / (1 + days / TIME_HALF_DAYS),
    place: placeCloseness(candidate.screenings, context.origin),
    popularity: context.maxPopularity > 0 ? Math.log1p(popularity) / Math.log1p(context.maxPopularity) : 0,
  };
};

export const hybridScore = (features: RankingFeatures, weights: RankingWeights): number => {
  let score = 0;
  for (const name of Object.keys(weights) as (keyof RankingWeights)[]) score += weights[name] * features[name];
  return score;
};
