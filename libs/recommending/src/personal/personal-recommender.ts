import { toEventCard, type FilmCatalogue, type ScreeningFacts } from '@marquee/catalogue';
import type { CollaborativeSignal, Film, UserPreferences, WeightedFilm } from '@marquee/domain';
import { excludedFilms, type UserProfile } from '@marquee/profiles';
import { explanationLanguage, type ExplanationLanguage } from '@marquee/text';
import { explain } from '../explanations/explanations';
import { compileFilters, type EventFilters, type FilmMatcher } from '../filters/event-filters';
import type { GeoPoint } from '../filters/geo';
import { findCandidates } from '../ranking/candidate-search';
import { distanceFrom } from '../ranking/hybrid-score';
import { mmrSelect } from '../ranking/mmr';
import type { Recommender, RecommendationRequest, RecommendedEvent } from '../recommender';

/** How much each signal counts in a personal list; defaults in the configuration (`personalSettings`). */
export interface PersonalWeights {
  /** Cosine similarity to the user's interest centroids. */
  content: number;
  /** The collaborative score, scaled to [0, 1] by the best candidate's. */
  collaborative: number;
  /** log(1 + popularity), scaled to [0, 1] by the most popular candidate's. */
  popularity: number;
}

/** Every field is required: the defaults live in the configuration schema (`personalSettings`). */
export interface PersonalRecommenderOptions {
  blend: PersonalWeights;
  /** Candidates per source and per requested result. */
  rerankDepth: number;
  defaultDiversity: number;
  maxScreeningsPerCard: number;
  exactScanMaxCandidates: number;
  /** Half-life of interest, to weigh centroids and engaged films against each other now. */
  halfLifeDays: number;
  /**
   * What "popular" means: `audience`, the collaborative signal's popularity as of the time asked
   * about (the catalogue's figure while the signal knows of no engagement); `catalogue`, the film's own figure.
   */
  popularitySource: 'audience' | 'catalogue';
}

export interface PersonalQuery extends RecommendationRequest {
  /** The user's history for the collaborative signal (`CollaborativeSignal.historyOf`); default: the profile's engaged films. */
  history?: readonly WeightedFilm[];
  /** Also leave out what the last newsletter edition carried (`exclude=sent`). */
  excludeSent?: boolean;
  /** Rank films whether they screen or not (offline evaluation over a catalogue without screenings). */
  anyTime?: boolean;
}

export type PersonalSource = 'content' | 'collaborative' | 'popular';

export interface PersonalEvent extends RecommendedEvent {
  /** The signal that contributed most to the result's score. */
  source: PersonalSource;
}

export interface PersonalAnswer {
  /** Nothing known of the user's tastes: popular upcoming events near them, diversified. */
  coldStart: boolean;
  events: PersonalEvent[];
}

interface Scored {
  id: string;
  film: Film;
  screenings: readonly ScreeningFacts[];
  content: number;
  collaborative: number;
  popularity: number;
  score: number;
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const MAX_CANDIDATES = 1_000;
/** Neighbours of each history film read to say which one a collaborative result comes from. */
const ATTRIBUTION_NEIGHBOURS = 100;

const ANY_TIME: FilmMatcher = { matches: () => true, matchingScreenings: () => [] };

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

const dot = (a: Float32Array, b: Float32Array): number => {
  let sum = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) sum += a[i] * b[i];
  return sum;
};

const decayedTo = (weight: number, at: number, now: number, halfLifeDays: number): number =>
  weight * 2 ** (-Math.max(0, now - at) / (halfLifeDays * DAY_MS));

/** The user's preferences applied where the request says nothing: genres to avoid, their place to rank nearness by. */
const withPreferences = (
  filters: EventFilters | undefined,
  origin: GeoPoint | undefined,
  preferences: Partial<UserPreferences>,
): { filters: EventFilters; origin?: GeoPoint } => {
  const merged: EventFilters = { ...filters };
  const wanted = new Set((filters?.genres ?? []).map((g) => g.toLowerCase()));
  const avoid = (preferences.avoidGenres ?? []).filter((g) => !wanted.has(g.toLowerCase()));
  if (avoid.length > 0) merged.excludeGenres = [...new Set([...(filters?.excludeGenres ?? []), ...avoid])];
  const location = preferences.location;
  return { filters: merged, origin: origin ?? (location ? { lat: location.lat, lon: location.lon } : undefined) };
};

const hasPlaceFilter = (filters: EventFilters): boolean =>
  Boolean(filters.cities?.length || filters.regions?.length || filters.countries?.length || filters.venues?.length || filters.near);

/**
 * Personal recommendations: a blend of the content profile (the vector neighbours of the user's
 * interest centroids), the collaborative signal and popularity, over the films the user can still
 * attend and has not seen, booked or dismissed; diversified with MMR and explained ("Because you
 * liked Backstage", "Popular in Gent this week"). With nothing known of the user's tastes it is a cold
 * start: the Recommender's popular upcoming events near the user's place. Synchronous and free of IO,
 * so the HTTP use case, newsletters and the offline evaluation share it (`rankForUser`).
 */
export class PersonalRecommender {
  constructor(
    private readonly catalogue: FilmCatalogue,
    private readonly recommender: Recommender,
    private readonly collaborative: CollaborativeSignal,
    private readonly options: PersonalRecommenderOptions,
  ) {}

  rankForUser(profile: UserProfile | undefined, query: PersonalQuery): PersonalAnswer {
    const preferences = profile?.preferences ?? {};
    const { filters, origin } = withPreferences(query.filters, query.origin, preferences);
    const exclude = profile ? excludedFilms(profile, { sent: query.excludeSent }) : new Set<string>();
    const now = query.now.getTime();
    const history =
      query.history && query.history.length > 0
        ? query.history
        : (profile?.engaged ?? []).map((e) => ({ filmId: e.filmId, weight: decayedTo(e.score, e.at, now, this.options.halfLifeDays) }));
    const coldStart = (profile?.interests.length ?? 0) === 0 && history.length === 0;
    const request = { ...query, filters, origin };
    if (coldStart && !query.anyTime) return { coldStart, events: this.coldStart(request, exclude, preferences) };
    return { coldStart, events: this.blend(profile, history, request, exclude) };
  }

  /** Popular upcoming events, in the user's city first when they named one and the request did not constrain the place. */
  private coldStart(query: PersonalQuery, exclude: Set<string>, preferences: Partial<UserPreferences>): PersonalEvent[] {
    const language = explanationLanguage(query.languages);
    const recommend = (filters: EventFilters, excluded: ReadonlySet<string>) =>
      this.recommender.recommend({ ...query, filters, seeds: [], exclude: excluded }).map((r) => r.event);
    const filters = query.filters ?? {};
    let events: RecommendedEvent[] = [];
    if (preferences.city && !hasPlaceFilter(filters)) events = recommend({ ...filters, cities: [preferences.city] }, exclude);
    if (events.length < query.limit) {
      const taken = new Set([...exclude, ...events.map((e) => e.id)]);
      events = [...events, ...recommend(filters, taken).slice(0, query.limit - events.length)];
    }
    return events.map((event) => ({
      ...event,
      explanations: [
        this.popularReason(event.nextScreenings[0]?.venue.city, event.nextScreenings[0]?.start, query.now, language),
        ...event.explanations,
      ],
      source: 'popular' as const,
    }));
  }

  private blend(
    profile: UserProfile | undefined,
    history: readonly WeightedFilm[],
    query: PersonalQuery,
    exclude: Set<string>,
  ): PersonalEvent[] {
    const { blend: weights } = this.options;
    const now = query.now.getTime();
    const matcher = query.anyTime ? ANY_TIME : compileFilters(query.filters ?? {}, query.now);
    const k = Math.min(MAX_CANDIDATES, query.limit * this.options.rerankDepth);
    const interests = (profile?.interests ?? []).map((c) => ({ c, strength: decayedTo(c.weight, c.at, now, this.options.halfLifeDays) }));
    const strongest = Math.max(0, ...interests.map((i) => i.strength));
    // A weaker interest still counts, its neighbours a little below the main interest's, unless it was
    // just fed: what the user did a moment ago shows at once ("a visible interaction changes the list") and fades within days.
    const centroids = interests.map(({ c, strength }) => ({
      vector: c.direction,
      factor: strongest > 0 ? 0.75 + 0.25 * Math.max(strength / strongest, 2 ** (-Math.max(0, now - c.at) / DAY_MS)) : 1,
    }));
    const contentOf = (vector: Float32Array | undefined): number =>
      vector ? Math.max(0, ...centroids.map(({ vector: v, factor }) => dot(v, vector) * factor)) : 0;

    const candidates = new Map<string, Scored>();
    const consider = (id: string): Scored | undefined => {
      let scored = candidates.get(id);
      if (scored || exclude.has(id)) return scored;
      const entry = this.catalogue.get(id);
      if (!entry || !matcher.matches(entry.film)) return undefined;
      scored = {
        id,
        film: entry.film,
        screenings: matcher.matchingScreenings(entry.film),
        content: 0,
        collaborative: 0,
        popularity: 0,
        score: 0,
      };
      candidates.set(id, scored);
      return scored;
    };
    if (weights.content > 0)
      for (const { vector } of centroids)
        for (const found of findCandidates(this.catalogue, {
          vector,
          k,
          matcher,
          exclude,
          exactScanMaxCandidates: this.options.exactScanMaxCandidates,
        }))
          consider(found.id);
    if (weights.collaborative > 0 && history.length > 0)
      for (const { filmId } of this.collaborative.scoresFor(history, undefined, k * 4)) consider(filmId);
    const audience = this.options.popularitySource === 'audience' ? this.collaborative.popularityAt(now) : new Map<string, number>();
    if (weights.popularity > 0 || candidates.size === 0)
      for (const id of this.popularIds(k, matcher, exclude, audience.size > 0 ? now : undefined)) consider(id);

    const pool = [...candidates.values()];
    const collaborative = history.length > 0 ? this.collaborative.scoresFor(history, new Set(candidates.keys()), pool.length) : [];
    const bestCollaborative = Math.max(0, ...collaborative.map((s) => s.weight));
    for (const { filmId, weight } of collaborative) {
      const scored = candidates.get(filmId);
      if (scored && bestCollaborative > 0) scored.collaborative = weight / bestCollaborative;
    }
    const popularityOf = (s: Scored): number => Math.log1p((audience.size > 0 ? audience.get(s.id) : s.film.popularity) ?? 0);
    const mostPopular = Math.max(0, ...pool.map(popularityOf));
    for (const scored of pool) {
      scored.content = contentOf(this.catalogue.index.vectorOf(scored.id));
      scored.popularity = mostPopular > 0 ? popularityOf(scored) / mostPopular : 0;
      scored.score =
        weights.content * scored.content + weights.collaborative * scored.collaborative + weights.popularity * scored.popularity;
    }
    const ranked = pool
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
      .map((scored) => ({ scored, relevance: scored.score, vector: this.catalogue.index.vectorOf(scored.id) ?? new Float32Array(0) }));
    const picked = mmrSelect(ranked, query.limit, query.diversity ?? this.options.defaultDiversity);
    const language = explanationLanguage(query.languages);
    return picked.map(({ scored }) => this.toEvent(scored, profile, history, query, language));
  }

  /** The most popular films the matcher accepts, scanned in popularity order: the audience's as of `audienceAt`, else the catalogue's. */
  private popularIds(k: number, matcher: FilmMatcher, exclude: ReadonlySet<string>, audienceAt?: number): string[] {
    const ids: string[] = [];
    const order =
      audienceAt === undefined
        ? this.catalogue.byPopularity()
        : this.collaborative.popularAt(audienceAt, Number.MAX_SAFE_INTEGER).map((p) => p.filmId);
    for (const id of order) {
      if (ids.length >= k) break;
      if (exclude.has(id)) continue;
      const entry = this.catalogue.get(id);
      if (entry && matcher.matches(entry.film)) ids.push(id);
    }
    return ids;
  }

  private toEvent(
    scored: Scored,
    profile: UserProfile | undefined,
    history: readonly WeightedFilm[],
    query: PersonalQuery,
    language: ExplanationLanguage,
  ): PersonalEvent {
    const { blend: weights } = this.options;
    const contributions: [PersonalSource, number][] = [
      ['content', weights.content * scored.content],
      ['collaborative', weights.collaborative * scored.collaborative],
      ['popular', weights.popularity * scored.popularity],
    ];
    const source = contributions.reduce((best, next) => (next[1] > best[1] ? next : best))[0];
    const first = scored.screenings[0];
    const km = query.origin && first ? distanceFrom([query.origin], first) : undefined;
    const distanceKm = km === undefined ? undefined : round(km, km < 10 ? 1 : 0);
    const card = toEventCard(scored.film, {
      languages: query.languages,
      now: query.now,
      maxScreenings: this.options.maxScreeningsPerCard,
      screenings: scored.screenings.map((s) => s.screening),
    });
    const collaborativeReference = source === 'collaborative' ? this.collaborativeReference(scored.id, history) : undefined;
    const reference = collaborativeReference ?? (profile && this.nearestEngaged(scored.id, profile));
    const reasons: string[] = [];
    if (source === 'popular' || !reference)
      reasons.push(this.popularReason(first?.screening.venue.city, first?.screening.start, query.now, language));
    else {
      const title = toEventCard(reference, { languages: query.languages, now: query.now, maxScreenings: 0 }).title;
      const { messages } = language;
      if (collaborativeReference) reasons.push(messages.alsoLikedBy(title));
      else if (profile?.booked.includes(reference.id)) reasons.push(messages.becauseYouBooked(title));
      else if (profile?.liked.includes(reference.id) || !profile?.seen.includes(reference.id))
        reasons.push(messages.becauseYouLiked(title));
      else reasons.push(messages.becauseYouViewed(title));
    }
    for (const reason of explain({ reference, candidate: scored.film, screening: first?.screening, distanceKm }, language))
      if (!reasons.includes(reason)) reasons.push(reason);
    return {
      ...card,
      score: round(scored.score, 4),
      similarity: round(scored.content, 4),
      explanations: reasons,
      ...(distanceKm === undefined ? {} : { distanceKm }),
      source,
    };
  }

  /** The engaged film whose vector is nearest the result's: what "because you liked X" names. */
  private nearestEngaged(filmId: string, profile: UserProfile): Film | undefined {
    const vector = this.catalogue.index.vectorOf(filmId);
    if (!vector) return undefined;
    let best: Film | undefined;
    let bestSimilarity = -Infinity;
    for (const { filmId: engagedId } of profile.engaged) {
      const entry = this.catalogue.get(engagedId);
      const engagedVector = this.catalogue.index.vectorOf(engagedId);
      if (!entry || !engagedVector) continue;
      const similarity = dot(vector, engagedVector);
      if (similarity > bestSimilarity) [best, bestSimilarity] = [entry.film, similarity];
    }
    return best;
  }

  /** The history film whose collaborative neighbours give the result its highest score. */
  private collaborativeReference(filmId: string, history: readonly WeightedFilm[]): Film | undefined {
    let best: Film | undefined;
    let bestScore = 0;
    for (const { filmId: historyId, weight } of history.slice(0, 20)) {
      const neighbour = this.collaborative.neighboursOf(historyId, ATTRIBUTION_NEIGHBOURS).find((n) => n.filmId === filmId);
      const entry = neighbour && this.catalogue.get(historyId);
      if (entry && neighbour.weight * weight > bestScore) [best, bestScore] = [entry.film, neighbour.weight * weight];
    }
    return best;
  }

  private popularReason(city: string | undefined, start: string | undefined, now: Date, { messages }: ExplanationLanguage): string {
    if (!city) return messages.popular();
    return start !== undefined && Date.parse(start) - now.getTime() <= WEEK_MS ? messages.popularThisWeek(city) : messages.popularIn(city);
  }
}
