import { RedisProfileStore } from '@marquee/profiles';
import { describeProfileStoreContract } from '../support/profile-store.contract';
import { sampleProfile } from '../support/profiles';
import { redisTestKeys, TEST_REDIS_URL } from '../support/redis-keys';

const { prefix: RUN_PREFIX, admin } = redisTestKeys('profiles');

const openStore = (namespace: string, tombstoneTtlSeconds = 3_600): RedisProfileStore =>
  new RedisProfileStore(TEST_REDIS_URL, { keyPrefix: RUN_PREFIX + namespace, tombstoneTtlSeconds });

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
