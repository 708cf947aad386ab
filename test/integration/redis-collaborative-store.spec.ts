import { RedisCollaborativeStore } from '@marquee/collaborative';
import Redis from 'ioredis';
import { describeCollaborativeStoreContract } from '../support/collaborative-store.contract';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const RUN_PREFIX = `marquee-test:collaborative:${process.pid}-${Date.now()}:`;

let admin: Redis;

beforeAll(() => {
  admin = new Redis(REDIS_URL, { lazyConnect: true });
});

afterAll(async () => {
  const leftovers: string[] = [];
  for await (const keys of admin.scanStream({ match: `${RUN_PREFIX}*`, count: 500 })) leftovers.push(...(keys as string[]));
  if (leftovers.length > 0) await admin.unlink(...leftovers);
  await admin.quit();
});

describeCollaborativeStoreContract(
  'RedisCollaborativeStore',
  (namespace, maxFilmsPerUser) =>
    new RedisCollaborativeStore(REDIS_URL, { keyPrefix: RUN_PREFIX + namespace, maxFilmsPerUser, tombstoneTtlSeconds: 60 }),
);

describe('RedisCollaborativeStore on a live Redis', () => {
  it('keeps a user history in one hash under its key prefix', async () => {
    const store = new RedisCollaborativeStore(REDIS_URL, { keyPrefix: `${RUN_PREFIX}raw:`, maxFilmsPerUser: 10, tombstoneTtlSeconds: 60 });
    try {
      await store.apply([{ userId: 'ana', filmId: 'f1', weight: 2.5, atMs: 1_000 }]);
      await expect(admin.hgetall(`${RUN_PREFIX}raw:h:ana`)).resolves.toEqual({ f1: '2.5:1000' });
      await expect(admin.sismember(`${RUN_PREFIX}raw:users`, 'ana')).resolves.toBe(1);
    } finally {
      await store.close();
    }
  });
});
