import Redis from 'ioredis';
import { RedisProfileStore } from '@marquee/profiles';
import { describeProfileStoreContract } from '../support/profile-store.contract';
import { sampleProfile } from '../support/profiles';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const RUN_PREFIX = `marquee-test:profiles:${process.pid}-${Date.now()}:`;

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

const openStore = (namespace: string, tombstoneTtlSeconds = 3_600): RedisProfileStore =>
  new RedisProfileStore(REDIS_URL, { keyPrefix: RUN_PREFIX + namespace, tombstoneTtlSeconds });

describeProfileStoreContract('RedisProfileStore', (namespace) => openStore(namespace));

describe('RedisProfileStore on a live Redis', () => {
  let store: RedisProfileStore;

  afterEach(async () => {
    await store.close();
  });

  it('keeps a profile in one hash and the tombstone beside it, both tagged with the user id, the tombstone with a TTL', async () => {
    store = openStore('raw:', 120);
    await store.save(sampleProfile('u-1'), 0);
    await expect(admin.hget(`${RUN_PREFIX}raw:profile:{u-1}`, 'v')).resolves.toBe('1');

    await store.erase('u-1', new Date(5_000));

    await expect(admin.exists(`${RUN_PREFIX}raw:profile:{u-1}`)).resolves.toBe(0);
    await expect(admin.get(`${RUN_PREFIX}raw:erased:{u-1}`)).resolves.toBe('5000');
    const ttl = await admin.pttl(`${RUN_PREFIX}raw:erased:{u-1}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(120_000);
  });

  it('reports the bytes Redis holds for a profile, below the JSON of the same profile', async () => {
    store = openStore('memory:');
    const sample = sampleProfile('u-1');
    // Three interests of the bundled model's dimension, as a real profile has.
    const interests = [0, 1, 2].map((axis) => ({ ...sample.interests[0], direction: new Float32Array(384).fill(0.05 * (axis + 1)) }));
    const profile = { ...sample, interests };
    await store.save(profile, 0);

    const bytes = await store.memoryUsage('u-1');
    const json = JSON.stringify({ ...profile, interests: profile.interests.map((c) => ({ ...c, direction: Array.from(c.direction) })) });
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(Buffer.byteLength(json));
    await expect(store.memoryUsage('nobody')).resolves.toBeUndefined();
  });
});
