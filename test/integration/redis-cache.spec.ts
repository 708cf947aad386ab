import { CacheUnavailableError, RedisCache } from '@marquee/cache';
import Redis from 'ioredis';
import { describeCacheContract } from '../support/cache.contract';
import { redisTestKeys, TEST_REDIS_URL } from '../support/redis-keys';

/** Nothing listens here, which is how a Redis outage looks to the client. */
const DEAD_REDIS_URL = 'redis://127.0.0.1:6390';
const { prefix: RUN_PREFIX, admin } = redisTestKeys('cache');

async function openReadyCache(namespace: string): Promise<RedisCache> {
  const cache = new RedisCache(TEST_REDIS_URL, { keyPrefix: RUN_PREFIX + namespace });
  await cache.waitUntilReady();
  return cache;
}

describeCacheContract('RedisCache', openReadyCache);

describe('RedisCache on a live Redis', () => {
  it('stores values under its key prefix with the TTL given', async () => {
    const cache = await openReadyCache('raw:');
    await cache.set('film:42', 'answer', 60);

    await expect(admin.get(`${RUN_PREFIX}raw:film:42`)).resolves.toBe('answer');
    const ttlMs = await admin.pttl(`${RUN_PREFIX}raw:film:42`);
    expect(ttlMs).toBeGreaterThan(0);
    expect(ttlMs).toBeLessThanOrEqual(60_000);

    await cache.close();
    expect(cache.status).toBe('end');
  });

  it('deletes more keys than fit in one command', async () => {
    const cache = await openReadyCache('bulk:');
    const keys = Array.from({ length: 1_200 }, (_, i) => `k${i}`);
    await Promise.all(keys.map((key) => cache.set(key, 'v', 60)));

    await cache.delete(keys);

    const remaining = await admin.exists(...keys.map((key) => `${RUN_PREFIX}bulk:${key}`));
    expect(remaining).toBe(0);
    await cache.close();
  });

  it('uses a client it was given and leaves closing it to the owner', async () => {
    const client = new Redis(TEST_REDIS_URL);
    const cache = new RedisCache(client, { keyPrefix: `${RUN_PREFIX}given:` });
    await cache.waitUntilReady();
    expect(cache.isReady()).toBe(true);

    await cache.set('k', 'v', 60);
    await cache.close();

    expect(client.status).toBe('ready');
    await expect(client.get(`${RUN_PREFIX}given:k`)).resolves.toBe('v');
    await client.quit();
  });
});

describe('RedisCache when Redis is down', () => {
  let cache: RedisCache;
  const connectionErrors: Error[] = [];

  beforeAll(() => {
    cache = new RedisCache(DEAD_REDIS_URL, {
      keyPrefix: RUN_PREFIX,
      connectTimeoutMs: 500,
      onConnectionError: (error) => connectionErrors.push(error),
    });
  });

  afterAll(async () => {
    await cache.close();
  });

  it('rejects get, set, delete and ping with CacheUnavailableError instead of waiting', async () => {
    await expect(cache.get('k')).rejects.toThrow(CacheUnavailableError);
    await expect(cache.set('k', 'v', 60)).rejects.toThrow(CacheUnavailableError);
    await expect(cache.delete(['k'])).rejects.toThrow(CacheUnavailableError);
    await expect(cache.ping()).rejects.toThrow(/Cache unavailable: PING failed while Redis connection is/);
    expect(cache.isReady()).toBe(false);
  }, 5_000);

  it('keeps rejecting promptly while it reconnects in the background', async () => {
    while (cache.status !== 'reconnecting') await new Promise((resolve) => setTimeout(resolve, 50));

    await expect(cache.get('k')).rejects.toThrow(/while Redis connection is "reconnecting"/);
    expect(connectionErrors.length).toBeGreaterThan(0);
  }, 10_000);

  it('does nothing for an empty delete even while down', async () => {
    await expect(cache.delete([])).resolves.toBeUndefined();
  });

  it('fails waitUntilReady after the given time with a clear error', async () => {
    await expect(cache.waitUntilReady(300)).rejects.toThrow(/not ready within 300 ms/);
  });

  it('closes without waiting for a connection', async () => {
    await cache.close();
    expect(cache.status).toBe('end');
  });
});
