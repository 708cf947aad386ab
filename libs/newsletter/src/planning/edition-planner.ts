import type { FilmCatalogue } from '@marquee/catalogue';
import type { Newsletter, NewsletterPick, NewsletterScreening, NewsletterSection } from '@marquee/domain';
import {
  compileFilters,
  PopularUpcomingNear,
  Recommender,
  type EventFilters,
  type GeoPoint,
  type Recommendation,
  type RecommendedEvent,
  type RecommenderOptions,
  type Seed,
} from '@marquee/recommending';
import { newsletterLanguage, pickLocalized, type NewsletterLanguage } from '@marquee/text';
import type { EditionSpec } from '../edition-spec';
import type { Subscriber } from '../subscriber';
import { EditionCandidates } from './edition-candidates';
import { EligibleNeighbours, type EligibleFilms } from './eligible-neighbours';
import { localStart } from './local-start';
import type { NewsletterLinks } from './newsletter-links';

/** Every field is required: the defaults live in the configuration schema (`newsletterSettings`). */
export interface EditionPlannerOptions {
  /** Fewest new picks worth a mail: a subscriber with fewer is skipped. */
  minPicks: number;
  /** "Popular near you" picks added after the personal ones. */
  popularPicks: number;
  /** Films a subscriber liked that seed their personal picks. */
  maxSeeds: number;
  /** Cosine similarity to a liked film below which a film is not a personal pick ("Because you liked" would be untrue). */
  minSimilarity: number;
  /** Longest synopsis in a mail; longer ones are cut at a word. */
  synopsisChars: number;
}

export type SkipReason = 'not-subscribed' | 'other-segment' | 'nothing-new';

export type Plan = { kind: 'newsletter'; newsletter: Newsletter; language: NewsletterLanguage } | { kind: 'skipped'; reason: SkipReason };

/** Audiences are shared by subscribers of one place: positions are rounded to about 1 km for that. */
const roundCoordinate = (value: number): number => Math.round(value * 100) / 100;
const POPULAR_POOL_FACTOR = 4;
const MAX_AUDIENCES = 10_000;
/** The Recommender's cap on the candidates it asks its sources for. */
const MAX_RECOMMENDER_CANDIDATES = 1_000;

/** Subscribers who can attend the same films: one place, window, languages and avoided genres. */
interface Audience {
  eligible: EligibleFilms;
  popular?: Recommendation[];
}

const httpUrl = (url: string | undefined): string | undefined => (url && /^https?:\/\//i.test(url) ? url : undefined);

const shorten = (text: string | undefined, max: number): string | undefined => {
  if (text === undefined || text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
};

/**
 * Plans one edition, one subscriber at a time: what they can attend in the edition's window (at
 * the edition's city, else near their home; in a language they read; not a genre they avoid),
 * personal picks from what they liked, then a few popular near them, never what they booked,
 * dismissed or got in the previous edition. Deterministic: the same subscriber and catalogue give
 * the same newsletter, so a rerun rewrites exactly what a crashed run had written.
 */
export class EditionPlanner {
  private readonly audiences = new Map<string, Audience>();
  private readonly recommender: Recommender;
  private readonly neighbours: EligibleNeighbours;
  private editionCandidates?: EditionCandidates;

  constructor(
    private readonly catalogue: FilmCatalogue,
    private readonly recommending: RecommenderOptions,
    private readonly links: NewsletterLinks,
    private readonly spec: EditionSpec,
    private readonly options: EditionPlannerOptions,
    private readonly now: Date,
  ) {
    this.neighbours = new EligibleNeighbours(catalogue, () => this.candidates);
    this.recommender = new Recommender(catalogue, recommending, [this.neighbours, new PopularUpcomingNear(catalogue)]);
  }

  /** The films screening in the edition's window (at its city): every pick is one of them. Found at first use. */
  get candidates(): EditionCandidates {
    if (!this.editionCandidates) {
      const { from, to, city } = this.spec;
      const window: EventFilters = { from, to, ...(city ? { cities: [city] } : {}) };
      this.editionCandidates = new EditionCandidates(this.catalogue, compileFilters(window, this.now));
    }
    return this.editionCandidates;
  }

  /**
   * Finds ahead, for a batch about to be planned, the nearest films of every subscriber's liked
   * films, audience by audience, several liked films per pass over the audience's films (the
   * newsletter's largest cost on a large catalogue). Plans are the same with or without it.
   */
  prefetch(tasks: readonly { subscriber: Subscriber; seeds: readonly Seed[] }[]): void {
    // The k the Recommender asks of its sources for the personal picks (limit × rerank depth, capped as it caps it).
    const personal = this.spec.limit - Math.min(this.spec.limit, this.options.popularPicks);
    const k = Math.min(MAX_RECOMMENDER_CANDIDATES, personal * this.recommending.rerankDepth);
    if (k <= 0) return;
    const byAudience = new Map<Audience, Seed[]>();
    for (const { subscriber, seeds } of tasks) {
      if (seeds.length === 0 || this.skipReason(subscriber)) continue;
      const { filters, origin } = this.placeOf(subscriber);
      const audience = this.audienceOf(filters, origin);
      const list = byAudience.get(audience);
      if (list) list.push(...seeds);
      else byAudience.set(audience, [...seeds]);
    }
    for (const [audience, seeds] of byAudience) this.neighbours.prefetch(audience.eligible, seeds, k);
  }

  /**
   * `seeds`: the subscriber's liked films with their vectors (`seedsOf`), when they were looked up
   * elsewhere, e.g. by the thread that holds the whole catalogue for a worker that holds the edition's films.
   */
  plan(subscriber: Subscriber, seeds: readonly Seed[] = this.seedsOf(subscriber)): Plan {
    const skipped = this.skipReason(subscriber);
    if (skipped) return { kind: 'skipped', reason: skipped };
    const language = newsletterLanguage(subscriber.preferences.languages ?? []);
    const languages = subscriber.preferences.languages ?? [language.language];
    const { filters, origin } = this.placeOf(subscriber);
    const exclude = new Set([...subscriber.booked, ...subscriber.dismissed, ...subscriber.lastSent]);
    for (const seed of seeds) if (seed.film) exclude.add(seed.film.id);

    const audience = this.audienceOf(filters, origin);
    this.neighbours.eligible = audience.eligible;
    const limit = this.spec.limit;
    const popularWanted = Math.min(limit, seeds.length === 0 ? limit : this.options.popularPicks);
    const personal =
      seeds.length === 0
        ? []
        : this.recommender
            .recommend({ limit: limit - popularWanted, languages, now: this.now, filters, origin, seeds, exclude })
            .filter((r) => r.event.similarity >= this.options.minSimilarity);
    const taken = new Set(personal.map((r) => r.event.id));
    const popular: Recommendation[] = [];
    for (const candidate of this.popularAt(audience, filters, origin, languages)) {
      if (personal.length + popular.length >= limit) break;
      if (exclude.has(candidate.event.id) || taken.has(candidate.event.id)) continue;
      taken.add(candidate.event.id);
      popular.push(candidate);
    }
    if (personal.length + popular.length < this.options.minPicks) return { kind: 'skipped', reason: 'nothing-new' };

    const recommendationId = this.links.recommendationId(this.spec.edition, subscriber.userId);
    const city = this.spec.city ?? subscriber.preferences.city;
    const picks = [
      ...personal.map((r) => ({ r, section: 'personal' as const })),
      ...popular.map((r) => ({ r, section: 'popular' as const })),
    ].map(({ r, section }, i) => this.toPick(r, section, i + 1, { recommendationId, language, city }));
    const { newsletter: words } = language;
    return {
      kind: 'newsletter',
      language,
      newsletter: {
        edition: this.spec.edition,
        userId: subscriber.userId,
        recommendationId,
        language: language.language,
        from: this.spec.from,
        to: this.spec.to,
        subject: words.subject(picks.length, this.spec.edition),
        headers: this.links.headers(subscriber.userId, this.spec.edition),
        unsubscribeUrl: this.links.unsubscribeUrl(subscriber.userId, this.spec.edition),
        picks,
      },
    };
  }

  private skipReason(subscriber: Subscriber): SkipReason | undefined {
    if (subscriber.preferences.newsletter !== true) return 'not-subscribed';
    if (this.spec.segment && !subscriber.segments.includes(this.spec.segment)) return 'other-segment';
    return undefined;
  }

  /** The edition's window and place (its city, else the subscriber's), their languages and the genres they avoid. */
  private placeOf(subscriber: Subscriber): { filters: EventFilters; origin?: GeoPoint } {
    const { preferences } = subscriber;
    const filters: EventFilters = { from: this.spec.from, to: this.spec.to };
    const location = preferences.location && {
      lat: roundCoordinate(preferences.location.lat),
      lon: roundCoordinate(preferences.location.lon),
    };
    if (this.spec.city) filters.cities = [this.spec.city];
    else if (location) filters.near = { ...location, radiusKm: preferences.location?.radiusKm ?? 25 };
    else if (preferences.city) filters.cities = [preferences.city];
    if (preferences.languages?.length) filters.languages = preferences.languages;
    if (preferences.avoidGenres?.length) filters.excludeGenres = preferences.avoidGenres;
    return { filters, origin: location };
  }

  /** The films a subscriber liked that the catalogue knows, with their vectors, strongest first. */
  seedsOf(subscriber: Subscriber): Seed[] {
    const seeds: Seed[] = [];
    for (const id of subscriber.liked) {
      if (seeds.length >= this.options.maxSeeds) break;
      const film = this.catalogue.get(id)?.film;
      const vector = film && this.catalogue.index.vectorOf(id);
      if (film && vector) seeds.push({ film, vector });
    }
    return seeds;
  }

  private audienceOf(filters: EventFilters, origin: GeoPoint | undefined): Audience {
    const key = JSON.stringify([filters, origin]);
    let audience = this.audiences.get(key);
    if (!audience) {
      audience = { eligible: { key, positions: this.candidates.among(this.catalogue, compileFilters(filters, this.now)) } };
      if (this.audiences.size >= MAX_AUDIENCES) this.audiences.clear();
      this.audiences.set(key, audience);
    }
    return audience;
  }

  /** The most popular films an audience can attend, ranked once per edition, whatever each subscriber then leaves out. */
  private popularAt(
    audience: Audience,
    filters: EventFilters,
    origin: GeoPoint | undefined,
    languages: readonly string[],
  ): Recommendation[] {
    if (!audience.popular) {
      const limit = Math.min(50, this.spec.limit * POPULAR_POOL_FACTOR);
      audience.popular = this.recommender
        .recommend({ limit, languages, now: this.now, filters, origin, seeds: [], exclude: new Set(), diversity: 0 })
        .map((r) => ({ r, popularity: this.catalogue.get(r.event.id)?.film.popularity ?? 0 }))
        .filter(({ popularity }) => popularity > 0)
        .sort((a, b) => b.popularity - a.popularity)
        .map(({ r }) => r);
    }
    return audience.popular;
  }

  private toPick(
    { event, reference }: Recommendation,
    section: NewsletterSection,
    position: number,
    context: { recommendationId: string; language: NewsletterLanguage; city?: string },
  ): NewsletterPick {
    const { recommendationId, language } = context;
    const edition = this.spec.edition;
    const referenceTitle = reference && pickLocalized(reference.titles, [language.language])?.text;
    const lead =
      section === 'personal' && referenceTitle
        ? language.newsletter.becauseYouLiked(referenceTitle)
        : language.newsletter.popularNearYou(context.city ?? event.nextScreenings[0]?.venue.city);
    return {
      filmId: event.id,
      section,
      position,
      title: event.title,
      synopsis: shorten(event.synopsis, this.options.synopsisChars),
      image: httpUrl(event.image),
      url: this.links.tracked(event.url, edition, recommendationId, event.id),
      explanations: [lead, ...event.explanations].slice(0, 4),
      screenings: event.nextScreenings.map((s) => this.toScreening(s, event, recommendationId, language)),
    };
  }

  private toScreening(
    s: RecommendedEvent['nextScreenings'][number],
    event: RecommendedEvent,
    recommendationId: string,
    language: NewsletterLanguage,
  ): NewsletterScreening {
    const bookingUrl = this.links.tracked(s.bookingUrl ?? event.url, this.spec.edition, recommendationId, event.id);
    return {
      screeningId: s.id,
      start: s.start,
      timeZone: s.timeZone,
      localStart: localStart(s.start, s.timeZone, language.locale),
      venue: s.venue.name,
      city: s.venue.city,
      ...(s.price ? { price: s.price } : {}),
      ...(bookingUrl ? { bookingUrl } : {}),
    };
  }
}
