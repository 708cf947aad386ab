import type { Cache } from '@marquee/domain';
import { toEventCard, type EventCard } from './event-card';
import { FilmNotFoundError } from './errors';
import type { FilmCatalogue } from './film-catalogue';
import { hasUpcomingScreening } from './screenings';

export interface RelatedEventsQuery {
  filmId: string;
  limit: number;
  languages: readonly string[];
  now: Date;
}

export interface RelatedEvent extends EventCard {
  /** Cosine similarity of the synopses, in [-1, 1]. */
  score: number;
}

export interface RelatedEventsAnswer {
  eventId: string;
  results: RelatedEvent[];
  /** Whether this answer came from the cache. */
  cached: boolean;
}

export interface RelatedEventsOptions {
  ttlSeconds: number;
  maxScreeningsPerCard: number;
  logger: { warn(message: string): void };
}

/** Something that tells which version of the catalogue an answer was computed from. */
export interface EpochSource {
  readonly epoch: string;
}

/**
 * "Related events you might still attend": nearest films by synopsis that have an upcoming
 * screening. Answers are cached under the catalogue epoch, so a change to any film makes
 * every older answer unreachable, and each entry expires before its first listed screening starts.
 */
export class RelatedEventsService {
  readonly cacheStats = { hits: 0, misses: 0, errors: 0 };

  constructor(
    private readonly catalogue: FilmCatalogue,
    private readonly epochSource: EpochSource,
    private readonly cache: Cache,
    private readonly options: RelatedEventsOptions,
  ) {}

  async related(query: RelatedEventsQuery): Promise<RelatedEventsAnswer> {
    if (!this.catalogue.get(query.filmId)) throw new FilmNotFoundError(query.filmId);
    const key = `related:${this.epochSource.epoch}:${query.filmId}:${query.limit}:${query.languages.join(',')}`;
    const hit = await this.readCache(key);
    if (hit) {
      const results = JSON.parse(hit) as RelatedEvent[];
      if (results.every((r) => r.nextScreenings.every((s) => Date.parse(s.start) > query.now.getTime()))) {
        this.cacheStats.hits += 1;
        return { eventId: query.filmId, results, cached: true };
      }
    }
    this.cacheStats.misses += 1;
    const results = this.compute(query);
    await this.writeCache(key, results, query.now);
    return { eventId: query.filmId, results, cached: false };
  }

  private compute({ filmId, limit, languages, now }: RelatedEventsQuery): RelatedEvent[] {
    const vector = this.catalogue.index.vectorOf(filmId);
    if (!vector) return [];
    const accept = (id: string): boolean => {
      const entry = this.catalogue.get(id);
      return id !== filmId && entry !== undefined && hasUpcomingScreening(entry.film, now);
    };
    return this.catalogue.index.search(vector, limit, accept).flatMap(({ id, similarity }) => {
      const entry = this.catalogue.get(id);
      if (!entry) return [];
      const card = toEventCard(entry.film, { languages, now, maxScreenings: this.options.maxScreeningsPerCard });
      return [{ ...card, score: Math.round(similarity * 10_000) / 10_000 }];
    });
  }

  private async readCache(key: string): Promise<string | null> {
    try {
      return await this.cache.get(key);
    } catch (error) {
      this.cacheStats.errors += 1;
      this.options.logger.warn(`cache read failed, answering uncached: ${(error as Error).message}`);
      return null;
    }
  }

  /** Expires the entry no later than the first listed screening, when the answer would change. */
  private async writeCache(key: string, results: RelatedEvent[], now: Date): Promise<void> {
    const starts = results.flatMap((r) => r.nextScreenings.map((s) => Date.parse(s.start)));
    const untilFirstStart = starts.length ? Math.floor((Math.min(...starts) - now.getTime()) / 1000) : Infinity;
    const ttl = Math.min(this.options.ttlSeconds, untilFirstStart);
    if (ttl < 1) return;
    try {
      await this.cache.set(key, JSON.stringify(results), ttl);
    } catch (error) {
      this.options.logger.warn(`cache write failed: ${(error as Error).message}`);
    }
  }
}
