import { RedisCollaborativeStore } from '@marquee/collaborative';
import { describeCollaborativeStoreContract } from '../support/collaborative-store.contract';
import { redisTestKeys, TEST_REDIS_URL } from '../support/redis-keys';

const { prefix: RUN_PREFIX, admin } = redisTestKeys('collaborative');

describeCollaborativeStoreContract(
  'RedisCollaborativeStore',
  (namespace, maxFilmsPerUser) =>
    new RedisCollaborativeStore(TEST_REDIS_URL, { keyPrefix: RUN_PREFIX + namespace, maxFilmsPerUser, tombstoneTtlSeconds: 60 }),
);

describe('RedisCollaborativeStore on a live Redis', () => {
  it('keeps a user history in one hash under its key prefix', async () => {
    const store = new RedisCollaborativeStore(TEST_REDIS_URL, {
      keyPrefix: `${RUN_PREFIX}raw:`,
      maxFilmsPerUser: 10,
      tombstoneTtlSeconds: 60,
    });
    try {
      await store.apply([{ userId: 'ana', filmId: 'f1', weight: 2.5, atMs: 1_000 }]);
      await expect(admin.hgetall(`${RUN_PREFIX}raw:h:ana`)).resolves.toEqual({ f1: '2.5:1000' });
      await expect(admin.sismember(`${RUN_PREFIX}raw:users`, 'ana')).resolves.toBe(1);
    } finally {
      await store.close();
    }
  });
});
