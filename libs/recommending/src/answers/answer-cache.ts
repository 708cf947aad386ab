import { LRUCache } from 'lru-cache';
import type { Cache, LoggerPort } from '@marquee/domain';
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
  /** Bytes of recently served answers `stored` keeps decoded (the least recently used is dropped first). */
  recentMaxBytes: number;
  logger: LoggerPort;
  stats?: CacheStats;
}

export interface CachedAnswer {
  /** The result list as JSON text, exactly as stored: a hit is served without parsing it. */
  json: string;
  cached: boolean;
}

/** A stored answer read by `stored`: the JSON as UTF-8 bytes too, for sending without encoding it again. */
export interface StoredAnswer extends CachedAnswer {
  utf8: Buffer;
}

interface RecentAnswer extends StoredAnswer {
  /** The text read from the cache it was decoded from. */
  stored: string;
  validUntil: number;
}

/**
 * A stored answer is `<valid until, epoch ms> <results JSON>`: whether it may still be served is
 * read from the prefix, without parsing the answer.
 */
const encode = (validUntilMs: number, json: string): string => `${validUntilMs} ${json}`;

const validUntilOf = (stored: string): number => {
  const space = stored.indexOf(' ');
  return space > 0 ? Number(stored.slice(0, space)) : Number.NaN;
};

const decode = (stored: string, nowMs: number): string | undefined =>
  validUntilOf(stored) > nowMs ? stored.slice(stored.indexOf(' ') + 1) : undefined;

/** Answers `stored` keeps decoded, at most. */
const RECENT_ANSWERS = 1_000;

/** What a decoded answer holds: the stored text (UTF-16 at worst), its UTF-8 bytes and the key; `json` is a slice of the stored text. */
const recentBytes = (answer: RecentAnswer, key: string): number => 2 * (answer.stored.length + key.length) + answer.utf8.length + 128;

/**
 * Read-through cache of result lists with one computation per key in flight. An entry expires
 * no later than the first screening it lists starts (when the answer would change), and a stored
 * answer is served only until that instant, whatever tier it comes from. A failing cache is bypassed.
 */
export class AnswerCache<R extends ScheduledResult> {
  readonly stats: CacheStats;
  private readonly flights = new SingleFlight<CachedAnswer>();
  private readonly recent: LRUCache<string, RecentAnswer>;
  /** Whether the last cache call failed: a warning when it starts failing and a line when it works again, not one per call. */
  private cacheDown = false;

  constructor(
    private readonly cache: Cache,
    private readonly options: AnswerCacheOptions,
  ) {
    this.stats = options.stats ?? newCacheStats();
    this.recent = new LRUCache({ max: RECENT_ANSWERS, maxSize: options.recentMaxBytes, sizeCalculation: recentBytes });
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
   * The stored answer when there is one that may still be served, counted as a hit, with its JSON
   * as UTF-8 too (encoded once per stored text, which a hot key keeps for many reads); never
   * computes and counts nothing otherwise, so a caller that then falls back to `fetch` is counted once.
   */
  async stored(key: string, now: Date): Promise<StoredAnswer | undefined> {
    const stored = await this.read(key);
    if (stored === null) return undefined;
    let answer = this.recent.get(key);
    if (answer?.stored !== stored) {
      const validUntil = validUntilOf(stored);
      if (!(validUntil > now.getTime())) return undefined;
      const json = stored.slice(stored.indexOf(' ') + 1);
      answer = { stored, validUntil, json, utf8: Buffer.from(json), cached: true };
      // An answer bigger than the whole budget is served, not kept.
      this.recent.set(key, answer);
    } else if (answer.validUntil <= now.getTime()) {
      return undefined;
    }
    this.stats.hits += 1;
    return answer;
  }

  /** Bytes the decoded recent answers are counted for. */
  recentBytes(): number {
    return this.recent.calculatedSize;
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
      const stored = await this.cache.get(key);
      this.cacheWorks();
      return stored;
    } catch (error) {
      this.stats.errors += 1;
      this.cacheFailed('read', error);
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
      this.cacheWorks();
    } catch (error) {
      this.cacheFailed('write', error);
    }
  }

  private cacheFailed(call: 'read' | 'write', error: unknown): void {
    if (this.cacheDown) return;
    this.cacheDown = true;
    this.options.logger.warn(
      `cache ${call} failed, answering uncached until the cache works again (failures until then are counted, not logged): ${(error as Error).message}`,
    );
  }

  private cacheWorks(): void {
    if (!this.cacheDown) return;
    this.cacheDown = false;
    this.options.logger.log('the cache works again: answers are cached');
  }
}

/** A response body around a cached result list, built without parsing or re-serialising the list. */
export const answerBody = (head: Record<string, string>, answer: CachedAnswer): string => {
  const { before, after } = answerFrame(head, answer);
  return `${before}${answer.json}${after}`;
};

/** The text of `answerBody` before and after the result list. */
export const answerFrame = (head: Record<string, string>, answer: CachedAnswer): { before: string; after: string } => {
  let before = '{';
  for (const [name, value] of Object.entries(head)) before += `${JSON.stringify(name)}:${JSON.stringify(value)},`;
  return { before: `${before}"results":`, after: `,"cached":${answer.cached}}` };
};
