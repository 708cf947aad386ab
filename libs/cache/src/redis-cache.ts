import type { Cache } from '@marquee/domain';
import Redis, { ReplyError, type RedisOptions } from 'ioredis';
import { CacheUnavailableError } from './cache-unavailable.error';
import { ttlToMilliseconds } from './ttl';

export interface RedisCacheOptions {
  /** Prepended to every key, so deployments and test runs sharing a Redis stay apart. */
  keyPrefix?: string;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  /** Connection errors of a client created here; without a listener ioredis prints them itself. */
  onConnectionError?: (error: Error) => void;
}

/** Keys per UNLINK, so a large invalidation does not become one huge command. */
const DELETE_CHUNK = 500;
const MAX_RECONNECT_DELAY_MS = 5_000;

/**
 * A cache must never stall the request it speeds up: no offline queue (commands fail at once
 * while disconnected), short timeouts, and reconnection with capped backoff forever.
 */
export function resilientRedisOptions(options: RedisCacheOptions = {}): RedisOptions {
  return {
    enableOfflineQueue: false,
    // Commands issued in the same tick (concurrent requests' reads and writes) go out in one write.
    enableAutoPipelining: true,
    maxRetriesPerRequest: 1,
    connectTimeout: options.connectTimeoutMs ?? 2_000,
    commandTimeout: options.commandTimeoutMs ?? 1_000,
    retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 10), MAX_RECONNECT_DELAY_MS),
    // ioredis' wait (2 s) for a closed socket to report it: one that never connected never does.
    disconnectTimeout: 200,
  };
}

/**
 * Cache port over Redis. Every operation rejects quickly with CacheUnavailableError while Redis is
 * down or slow; callers treat a failed `get` as a miss and a failed `set`/`delete` as skipped, and log
 * a warning. Values are stored as plain strings with a millisecond TTL.
 */
export class RedisCache implements Cache {
  private readonly client: Redis;
  private readonly ownsClient: boolean;
  private readonly keyPrefix: string;
  private closed = false;

  /**
   * @param connection a Redis URL (the client is created with resilientRedisOptions and closed by
   *   `close()`), or an existing ioredis client, which stays the caller's to configure and close.
   */
  constructor(connection: string | Redis, options: RedisCacheOptions = {}) {
    this.keyPrefix = options.keyPrefix ?? '';
    if (typeof connection === 'string') {
      this.client = new Redis(connection, resilientRedisOptions(options));
      this.ownsClient = true;
      this.client.on('error', (error: Error) => options.onConnectionError?.(error));
    } else {
      this.client = connection;
      this.ownsClient = false;
    }
  }

  /** ioredis connection status: "connecting", "ready", "reconnecting", "end", ... */
  get status(): string {
    // ioredis stays "reconnecting" after a disconnect between attempts, though it will not retry.
    return this.closed ? 'end' : this.client.status;
  }

  isReady(): boolean {
    return !this.closed && this.client.status === 'ready';
  }

  /** Resolves once connected; for startup and tests, since commands fail rather than queue before that. */
  async waitUntilReady(timeoutMs = 5_000): Promise<void> {
    if (this.isReady()) return;
    await new Promise<void>((resolve, reject) => {
      const onReady = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.client.off('ready', onReady);
        reject(new CacheUnavailableError('connect', this.status, new Error(`not ready within ${timeoutMs} ms`)));
      }, timeoutMs);
      this.client.once('ready', onReady);
    });
  }

  get(key: string): Promise<string | null> {
    return this.run('GET', () => this.client.get(this.keyPrefix + key));
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    const ttlMs = ttlToMilliseconds(ttlSeconds);
    await this.run('SET', () => this.client.set(this.keyPrefix + key, value, 'PX', ttlMs));
  }

  async delete(keys: string[]): Promise<void> {
    for (let start = 0; start < keys.length; start += DELETE_CHUNK) {
      const chunk = keys.slice(start, start + DELETE_CHUNK).map((key) => this.keyPrefix + key);
      await this.run('UNLINK', () => this.client.unlink(...chunk));
    }
  }

  /** Health probe: rejects while Redis is unreachable. */
  async ping(): Promise<void> {
    await this.run('PING', () => this.client.ping());
  }

  async close(): Promise<void> {
    if (!this.ownsClient || this.closed) return;
    this.closed = true;
    if (this.client.status === 'ready') {
      try {
        await this.client.quit();
        return;
      } catch {
        // QUIT timed out or the connection dropped meanwhile: close the socket instead.
      }
    }
    this.client.disconnect();
  }

  private async run<T>(operation: string, command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      // A reply error is Redis answering (e.g. a wrong key type), not Redis being unavailable.
      if (error instanceof ReplyError) throw error;
      throw new CacheUnavailableError(operation, this.status, error);
    }
  }
}
