import { isoWeek, RedisAudienceStore, WEEK_MS, weekStartMs as weekStart } from '@marquee/audience';
import { describeAudienceStoreContract } from '../support/audience-store.contract';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describeAudienceStoreContract(
  'RedisAudienceStore',
  (namespace) => new RedisAudienceStore(REDIS_URL, { keyPrefix: `test:${namespace}`, retentionWeeks: 520 }),
);

describe('RedisAudienceStore keys', () => {
  it('expire with their week, every key an update writes', async () => {
    const { default: Redis } = await import('ioredis');
    const prefix = `test:audience-contract-${process.pid}-expiry:`;
    const store = new RedisAudienceStore(REDIS_URL, { keyPrefix: prefix, retentionWeeks: 26 });
    const redis = new Redis(REDIS_URL);
    try {
      const weekStartMs = weekStart(Date.now());
      const week = isoWeek(weekStartMs);
      await store.apply([
        {
          week,
          weekStartMs,
          offsets: new Map([[0, { first: 0, last: 1 }]]),
          interactionIds: ['a', 'b'],
          counts: new Map([['*|*', new Map([['view', 2]])]]),
          members: new Map([
            ['*|*', new Set(['m1', 'm2'])],
            ['t:theme-1|*', new Set(['m1'])],
          ]),
          searches: new Map([['docs gent', { count: 1, members: new Set(['m1']) }]]),
        },
      ]);
      const keys = await redis.keys(`${prefix}{${week}}:*`);
      expect(keys.map((key) => key.slice(prefix.length)).sort()).toEqual(
        [
          `{${week}}:fence`,
          `{${week}}:v`,
          `{${week}}:n`,
          `{${week}}:q`,
          `{${week}}:qu:docs gent`,
          `{${week}}:seen`,
          `{${week}}:u:*|*`,
          `{${week}}:u:t:theme-1|*`,
        ].sort(),
      );
      const expected = Math.ceil((weekStartMs + 27 * WEEK_MS) / 1000);
      for (const key of keys) await expect(redis.expiretime(key)).resolves.toBe(expected);
      // Members only (no counted type): the cell exists all the same.
      await expect(store.cells(week).then((cells) => cells.sort())).resolves.toEqual(['*|*', 't:theme-1|*']);
    } finally {
      await store.clearAggregates();
      await store.close();
      await redis.quit();
    }
  });
});

describe('RedisAudienceStore reads', () => {
  it('are cached under the week version: a read after an update of the week (from any store) sees it, other weeks are kept', async () => {
    const prefix = `test:audience-contract-${process.pid}-versions:`;
    const options = { keyPrefix: prefix, retentionWeeks: 520 };
    const reader = new RedisAudienceStore(REDIS_URL, options);
    const writer = new RedisAudienceStore(REDIS_URL, options);
    const weekStartMs = weekStart(Date.now());
    const week = isoWeek(weekStartMs);
    const update = (first: number, view: number, members: string[]) => ({
      week,
      weekStartMs,
      offsets: new Map([[0, { first, last: first }]]),
      interactionIds: [],
      counts: new Map([['*|*', new Map([['view', view]])]]),
      members: new Map([['*|*', new Set(members)]]),
      searches: new Map(),
    });
    try {
      await writer.apply([update(0, 2, ['m1', 'm2'])]);
      await expect(reader.counts(week, ['*|*'])).resolves.toEqual([{ view: 2 }]);
      await expect(reader.uniques([[{ week, cell: '*|*' }]])).resolves.toEqual([2]);
      await expect(reader.counts(week, ['*|*'])).resolves.toEqual([{ view: 2 }]);
      await writer.apply([update(1, 3, ['m3'])]);
      await expect(reader.counts(week, ['*|*'])).resolves.toEqual([{ view: 5 }]);
      await expect(reader.uniques([[{ week, cell: '*|*' }]])).resolves.toEqual([3]);
      // What a read returns is shared with later readers of the same version: it cannot be changed.
      const [counts] = await reader.counts(week, ['*|*']);
      expect(() => (counts.view = 0)).toThrow(TypeError);
    } finally {
      await writer.clearAggregates();
      await Promise.all([reader.close(), writer.close()]);
    }
  });
});

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
