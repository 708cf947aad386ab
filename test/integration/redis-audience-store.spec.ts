import { RedisAudienceStore } from '@marquee/audience';
import { describeAudienceStoreContract } from '../support/audience-store.contract';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describeAudienceStoreContract(
  'RedisAudienceStore',
  (namespace) => new RedisAudienceStore(REDIS_URL, { keyPrefix: `test:${namespace}`, retentionWeeks: 520 }),
);

afterAll(async () => {
  // The contract clears aggregates after each test; themes, epochs and erasures of this run go here.
  const { default: Redis } = await import('ioredis');
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `test:audience-contract-${process.pid}-*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
  await redis.quit();
});
