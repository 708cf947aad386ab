import { LRUCache } from 'lru-cache';
import type { Cache } from '@marquee/domain';
import { ttlToMilliseconds } from './ttl';

export interface MemoryCacheOptions {
  /** Entries kept before the least recently used one is evicted. */
  maxEntries?: number;
  /** Bytes of keys and values kept (UTF-16, as V8 may hold them) before the least recently used entry is evicted; a bigger value is not kept. */
  maxBytes?: number;
  /** Milliseconds clock; injectable so tests can move time. */
  clock?: () => number;
}

const DEFAULT_MAX_ENTRIES = 10_000;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
/** What an entry costs besides its text: the LRU's slots, the TTL arrays. */
const ENTRY_OVERHEAD_BYTES = 64;

/** The bytes an entry is counted for: two per UTF-16 unit, the most V8 uses. */
export const entryBytes = (key: string, value: string): number => 2 * (key.length + value.length) + ENTRY_OVERHEAD_BYTES;

interface Entry {
  value: string;
  expiresAt: number;
}

/**
 * In-process cache for embedded mode and the local tier in front of Redis: an LRU (lru-cache)
 * bounded by entries and by bytes, with a TTL per key read from its own clock. Expired entries are
 * dropped on access or when they reach the LRU end.
 */
export class MemoryCache implements Cache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly clock: () => number;

  constructor(options: MemoryCacheOptions = {}) {
    const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(`MemoryCache maxEntries must be a positive integer, got ${options.maxEntries}`);
    }
    if (!Number.isInteger(maxBytes) || maxBytes < 1)
      throw new RangeError(`MemoryCache maxBytes must be a positive integer, got ${options.maxBytes}`);
    this.clock = options.clock ?? Date.now;
    this.entries = new LRUCache<string, Entry>({
      max: maxEntries,
      maxSize: maxBytes,
      sizeCalculation: (entry, key) => entryBytes(key, entry.value),
    });
  }

  async get(key: string): Promise<string | null> {
    const entry = this.entries.get(key);
    if (entry === undefined) return null;
    if (entry.expiresAt > this.clock()) return entry.value;
    this.entries.delete(key);
    return null;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    const expiresAt = this.clock() + ttlToMilliseconds(ttlSeconds);
    // lru-cache refuses a value bigger than the whole budget; the older one must not stay behind.
    if (entryBytes(key, value) > this.entries.maxSize) this.entries.delete(key);
    else this.entries.set(key, { value, expiresAt });
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
  }

  /** Entries held, including expired ones not yet dropped. */
  size(): number {
    return this.entries.size;
  }

  /** Bytes the entries held are counted for. */
  bytes(): number {
    return this.entries.calculatedSize;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.entries.clear();
  }
}
