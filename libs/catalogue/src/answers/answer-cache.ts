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

export interface CachedAnswer {
  /** The result list as JSON text, exactly as stored: a hit is served without parsing it. */
  json: string;
  cached: boolean;
}

/**
 * A stored answer is `<valid until, epoch ms> <results JSON>`: whether it may still be served is
 * read from the prefix, without parsing the answer.
 */
const encode = (validUntilMs: number, json: string): string => `${validUntilMs} ${json}`;

const decode = (stored: string, nowMs: number): string | undefined => {
  const space = stored.indexOf(' ');
  const validUntil = space > 0 ? Number(stored.slice(0, space)) : Number.NaN;
  return validUntil > nowMs ? stored.slice(space + 1) : undefined;
};

/**
 * Read-through cache of result lists with one computation per key in flight. An entry expires
 * no later than the first screening it lists starts (when the answer would change), and a stored
 * answer is served only until that instant, whatever tier it comes from. A failing cache is bypassed.
 */
export class AnswerCache<R extends ScheduledResult> {
  readonly stats: CacheStats;
  private readonly flights = new SingleFlight<CachedAnswer>();

  constructor(
    private readonly cache: Cache,
    private readonly options: AnswerCacheOptions,
  ) {
    this.stats = options.stats ?? newCacheStats();
  }

  async fetch(key: string, now: Date, compute: () => R[] | Promise<R[]>): Promise<CachedAnswer> {
    const flight = this.flights.run(key, () => this.readThrough(key, now, compute));
    if (flight.shared) {
      this.stats.hits += 1;
      this.stats.coalesced += 1;
    }
    return flight.value;
  }

  /**
   * The stored answer when there is one that may still be served, counted as a hit; never computes
   * and counts nothing otherwise, so a caller that then falls back to `fetch` is counted once.
   */
  async stored(key: string, now: Date): Promise<CachedAnswer | undefined> {
    const stored = await this.read(key);
    const hit = stored === null ? undefined : decode(stored, now.getTime());
    if (hit === undefined) return undefined;
    this.stats.hits += 1;
    return { json: hit, cached: true };
  }

  private async readThrough(key: string, now: Date, compute: () => R[] | Promise<R[]>): Promise<CachedAnswer> {
    const stored = await this.read(key);
    const hit = stored === null ? undefined : decode(stored, now.getTime());
    if (hit !== undefined) {
      this.stats.hits += 1;
      return { json: hit, cached: true };
    }
    this.stats.misses += 1;
    const results = await compute();
    const json = JSON.stringify(results);
    await this.write(key, results, json, now);
    return { json, cached: false };
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

  private async write(key: string, results: R[], json: string, now: Date): Promise<void> {
    let firstStart = Infinity;
    for (const result of results) for (const s of result.nextScreenings) firstStart = Math.min(firstStart, Date.parse(s.start));
    const ttl = Math.min(this.options.ttlSeconds, Math.floor((firstStart - now.getTime()) / 1000));
    if (ttl < 1) return;
    try {
      await this.cache.set(key, encode(Math.min(firstStart, now.getTime() + ttl * 1000), json), ttl);
    } catch (error) {
      this.options.logger.warn(`cache write failed: ${(error as Error).message}`);
    }
  }
}

/** A response body around a cached result list, built without parsing or re-serialising the list. */
export const answerBody = (head: Record<string, string>, answer: CachedAnswer): string => {
  let body = '{';
  for (const [name, value] of Object.entries(head)) body += `${JSON.stringify(name)}:${JSON.stringify(value)},`;
  return `${body}"results":${answer.json},"cached":${answer.cached}}`;
};
