import type { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface Window {
  /** Start of the current fixed window (ms). */
  start: number;
  current: number;
  previous: number;
  blockedUntil: number;
}

/**
 * Rate-limit counts in O(1) time and memory per client: a sliding-window counter (this window's
 * hits plus the previous window's, weighted by how much of it still lies within the last ttl).
 * @nestjs/throttler's default storage keeps one timestamp per hit and filters and spreads them all
 * on every request, so its cost grows with the limit (at 600/min ~600 entries per request).
 */
export class SlidingWindowThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  private nextSweep = 0;

  constructor(private readonly clock: () => number = Date.now) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const now = this.clock();
    this.sweep(now, ttl);
    const id = `${throttlerName}\u0000${key}`;
    let window = this.windows.get(id);
    if (!window) {
      window = { start: now, current: 0, previous: 0, blockedUntil: 0 };
      this.windows.set(id, window);
    }
    const elapsed = now - window.start;
    if (elapsed >= 2 * ttl) {
      window.previous = 0;
      window.current = 0;
      window.start = now;
    } else if (elapsed >= ttl) {
      window.previous = window.current;
      window.current = 0;
      window.start += ttl;
    }
    const timeToExpire = Math.ceil((window.start + ttl - now) / 1000);
    const overlap = 1 - (now - window.start) / ttl;
    const counted = Math.floor(window.previous * overlap) + window.current;
    if (window.blockedUntil > now) {
      return { totalHits: counted + 1, timeToExpire, isBlocked: true, timeToBlockExpire: Math.ceil((window.blockedUntil - now) / 1000) };
    }
    if (counted >= limit) {
      window.blockedUntil = now + Math.max(blockDuration, 1);
      return { totalHits: counted + 1, timeToExpire, isBlocked: true, timeToBlockExpire: Math.ceil(Math.max(blockDuration, 1) / 1000) };
    }
    window.current += 1;
    return { totalHits: counted + 1, timeToExpire, isBlocked: false, timeToBlockExpire: 0 };
  }

  /** Clients tracked, idle ones included until the next sweep. */
  size(): number {
    return this.windows.size;
  }

  /** At most once per ttl, drops clients idle for two windows (they would count zero hits). */
  private sweep(now: number, ttl: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + ttl;
    for (const [id, window] of this.windows) {
      if (window.blockedUntil <= now && now - window.start >= 2 * ttl) this.windows.delete(id);
    }
  }
}
