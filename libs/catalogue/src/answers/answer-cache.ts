import type { Cache } from '@marquee/domain';
import { SingleFlight } from './single-flight';

/** What a cached answer must expose for its lifetime to be bounded. */
export interface ScheduledResult {
  nextScreenings: ReadonlyArray<{ start: string }>;
}

export interface CacheStats {
  /** Answers served without computing: from the cache, or by joining a computation in flight. */
  hits: number;
  misses: number;
  errors: number;
  /** Of the hits, those that joined a computation in flight. */
  coalesced: number;
}

export const newCacheStats = (): CacheStats => ({ hits: 0, misses: 0, errors: 0, coalesced: 0 });

export interface AnswerCacheOptions {
  ttlSeconds: number;
  logger: { warn(message: string): void };
  stats?: CacheStats;
}

export interface CachedAnswer<R> {
  results: R[];
  cached: boolean;
}

/**
 * Read-through cache of result lists with one computation per key in flight. An entry expires
 * no later than the first screening it lists starts (when the answer would change), and a stored
 * answer listing a screening that has started since is recomputed. A failing cache is bypassed.
 */
export class AnswerCache<R extends ScheduledResult> {
  readonly stats: CacheStats;
  private readonly flights = new SingleFlight<CachedAnswer<R>>();

  constructor(
    private readonly cache: Cache,
    private readonly options: AnswerCacheOptions,
  ) {
    this.stats = options.stats ?? newCacheStats();
  }

  async fetch(key: string, now: Date, compute: () => R[] | Promise<R[]>): Promise<CachedAnswer<R>> {
    const flight = this.flights.run(key, () => this.readThrough(key, now, compute));
    if (flight.shared) {
      this.stats.hits += 1;
      this.stats.coalesced += 1;
    }
    return flight.value;
  }

  private async readThrough(key: string, now: Date, compute: () => R[] | Promise<R[]>): Promise<CachedAnswer<R>> {
    const hit = await this.read(key);
    if (hit) {
      const results = JSON.parse(hit) as R[];
      if (results.every((r) => r.nextScreenings.every((s) => Date.parse(s.start) > now.getTime()))) {
        this.stats.hits += 1;
        return { results, cached: true };
      }
    }
    this.stats.misses += 1;
    const results = await compute();
    await this.write(key, results, now);
    return { results, cached: false };
  }

  private async read(key: string): Promise<string | null> {
    try {
      return await this.cache.get(key);
    } catch (error) {
      this.stats.errors += 1;
      this.options.logger.warn(`cache read failed, answering uncached: ${(error as Error).message}`);
      return null;
    }
  }

  private async write(key: string, results: R[], now: Date): Promise<void> {
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
