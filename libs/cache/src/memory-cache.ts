import type { Cache } from '@marquee/domain';
import { ttlToMilliseconds } from './ttl';

export interface MemoryCacheOptions {
  /** Entries kept before the least recently used one is evicted. */
  maxEntries?: number;
  /** Milliseconds clock; injectable so tests can move time. */
  clock?: () => number;
}

interface Entry {
  value: string;
  expiresAt: number;
}

/**
 * In-process cache for embedded mode: bounded LRU with per-key TTL.
 * A Map iterates in insertion order, so re-inserting on access keeps the oldest entry first.
 * Expired entries are dropped lazily on access or when they reach the LRU end.
 */
export class MemoryCache implements Cache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly clock: () => number;

  constructor(options: MemoryCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1) {
      throw new RangeError(`MemoryCache maxEntries must be a positive integer, got ${options.maxEntries}`);
    }
    this.clock = options.clock ?? Date.now;
  }

  async get(key: string): Promise<string | null> {
    const entry = this.entries.get(key);
    if (entry === undefined) return null;
    this.entries.delete(key);
    if (entry.expiresAt <= this.clock()) return null;
    this.entries.set(key, entry);
    return entry.value;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    const expiresAt = this.clock() + ttlToMilliseconds(ttlSeconds);
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
  }

  /** Entries held, including expired ones not yet dropped. */
  size(): number {
    return this.entries.size;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.entries.clear();
  }
}
