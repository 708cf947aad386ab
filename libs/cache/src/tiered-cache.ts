import type { Cache } from '@marquee/domain';
import { MemoryCache } from './memory-cache';

export interface TieredCacheOptions {
  /** Longest a value is served from this process without asking the shared tier again. */
  localTtlSeconds: number;
  /** Values kept in this process before the least recently used one is evicted. */
  localMaxEntries?: number;
  /** Bytes of values kept in this process before the least recently used one is evicted. */
  localMaxBytes?: number;
  /** Milliseconds clock of the local tier; injectable so tests can move time. */
  clock?: () => number;
}

/**
 * A small in-process tier (bounded LRU, short TTL) in front of a shared cache such as Redis: a hot
 * key costs no network round trip. Safe across replicas as long as keys name what their value
 * depends on (answers carry the catalogue epoch): a change makes new keys, never a stale local
 * value. `delete` reaches this process's tier and the shared one only; another replica may serve
 * a deleted key from its own tier for up to `localTtlSeconds`.
 */
export class TieredCache implements Cache {
  private readonly local: MemoryCache;
  private readonly localTtlSeconds: number;

  constructor(
    private readonly shared: Cache,
    options: TieredCacheOptions,
  ) {
    if (!(options.localTtlSeconds > 0)) throw new RangeError(`localTtlSeconds must be positive, got ${options.localTtlSeconds}`);
    this.localTtlSeconds = options.localTtlSeconds;
    this.local = new MemoryCache({ maxEntries: options.localMaxEntries, maxBytes: options.localMaxBytes, clock: options.clock });
  }

  async get(key: string): Promise<string | null> {
    const local = await this.local.get(key);
    if (local !== null) return local;
    const shared = await this.shared.get(key);
    if (shared !== null) await this.local.set(key, shared, this.localTtlSeconds);
    return shared;
  }

  /** The local tier first, so this replica keeps serving the value while the shared tier is down. */
  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.local.set(key, value, Math.min(ttlSeconds, this.localTtlSeconds));
    await this.shared.set(key, value, ttlSeconds);
  }

  async delete(keys: string[]): Promise<void> {
    await this.local.delete(keys);
    await this.shared.delete(keys);
  }

  /** Values held in this process, expired ones included until they are dropped. */
  localSize(): number {
    return this.local.size();
  }

  ping(): Promise<void> {
    return this.shared.ping();
  }

  async close(): Promise<void> {
    await this.local.close();
    await this.shared.close();
  }
}
