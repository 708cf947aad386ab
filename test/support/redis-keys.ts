import Redis from 'ioredis';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A key prefix that belongs to this test file's run, and an admin connection to the real Redis;
 * after the file's tests every key under the prefix is removed (the Redis is shared with other
 * suites and other runs, so nothing is ever flushed).
 */
export const redisTestKeys = (area: string): { prefix: string; admin: Redis } => {
  const prefix = `marquee-test:${area}:${process.pid}-${Date.now()}:`;
  const admin = new Redis(TEST_REDIS_URL, { lazyConnect: true });
  afterAll(async () => {
    const leftovers: string[] = [];
    for await (const keys of admin.scanStream({ match: `${prefix}*`, count: 500 })) leftovers.push(...(keys as string[]));
    if (leftovers.length > 0) await admin.unlink(...leftovers);
    await admin.quit();
  });
  return { prefix, admin };
};
