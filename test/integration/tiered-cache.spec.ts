import { RedisCache, TieredCache } from '@marquee/cache';
import { FilmCatalogue } from '@marquee/catalogue';
import { recommendingSettings, validateMarqueeConfig } from '@marquee/config';
import { RelatedEventsService } from '@marquee/recommending';
import { BruteForceVectorIndex } from '@marquee/vector-index';
import { testFilm } from '../support/films';
import { mockLogger } from '../support/loggers';
import { describeCacheContract } from '../support/cache.contract';
import { redisTestKeys, TEST_REDIS_URL } from '../support/redis-keys';

const DEAD_REDIS_URL = 'redis://127.0.0.1:6390';
const { prefix: RUN_PREFIX, admin } = redisTestKeys('tiered');
const LOCAL_TTL_SECONDS = 10;

const opened: TieredCache[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((cache) => cache.close()));
});

async function tiered(namespace: string, clock?: () => number, url = TEST_REDIS_URL): Promise<TieredCache> {
  const redis = new RedisCache(url, { keyPrefix: RUN_PREFIX + namespace, connectTimeoutMs: 500 });
  if (url === TEST_REDIS_URL) await redis.waitUntilReady();
  const cache = new TieredCache(redis, { localTtlSeconds: LOCAL_TTL_SECONDS, localMaxEntries: 100, clock });
  opened.push(cache);
  return cache;
}

describeCacheContract('TieredCache over Redis', (namespace) => tiered(`contract:${namespace}`));

describe('TieredCache', () => {
  it('serves a value read from Redis from memory until its local TTL passes', async () => {
    let now = 1_000_000;
    const cache = await tiered('local-ttl:', () => now);
    await admin.set(`${RUN_PREFIX}local-ttl:k`, 'first', 'PX', 60_000);
    await expect(cache.get('k')).resolves.toBe('first');

    await admin.set(`${RUN_PREFIX}local-ttl:k`, 'second', 'PX', 60_000);
    await expect(cache.get('k')).resolves.toBe('first');
    expect(cache.localSize()).toBe(1);

    now += LOCAL_TTL_SECONDS * 1000;
    await expect(cache.get('k')).resolves.toBe('second');
  });

  it('never keeps a value locally longer than its own TTL', async () => {
    let now = 1_000_000;
    const cache = await tiered('short:', () => now);
    await cache.set('k', 'v', 2);
    await admin.del(`${RUN_PREFIX}short:k`);
    await expect(cache.get('k')).resolves.toBe('v');
    now += 2_000;
    await expect(cache.get('k')).resolves.toBeNull();
  });

  it('deletes from both tiers', async () => {
    const cache = await tiered('delete:');
    await cache.set('k', 'v', 60);
    await cache.delete(['k']);
    await expect(cache.get('k')).resolves.toBeNull();
    await expect(admin.exists(`${RUN_PREFIX}delete:k`)).resolves.toBe(0);
  });

  it('keeps serving what this process wrote while Redis is down', async () => {
    const cache = await tiered('down:', undefined, DEAD_REDIS_URL);
    await expect(cache.set('k', 'v', 60)).rejects.toThrow(/Cache unavailable/);
    await expect(cache.get('k')).resolves.toBe('v');
    await expect(cache.get('other')).rejects.toThrow(/Cache unavailable/);
  }, 5_000);
});

describe('related answers across replicas with local tiers over one Redis', () => {
  const now = new Date();
  const unit = (...xs: number[]) => {
    const norm = Math.hypot(...xs);
    return new Float32Array(xs.map((x) => x / norm));
  };

  /** A replica's catalogue with its epoch, kept in step with the other replica's as film-index would. */
  const replica = (cache: TieredCache) => {
    const catalogue = new FilmCatalogue(new BruteForceVectorIndex({ dimension: 3 }));
    const position = { epoch: '0' };
    const service = new RelatedEventsService(catalogue, position, cache, {
      ...recommendingSettings(validateMarqueeConfig({})),
      logger: mockLogger(),
    });
    return { catalogue, position, service };
  };

  it('shares answers through Redis, and a catalogue change reaches every replica despite their local copies', async () => {
    const replicas = [replica(await tiered('replicas:')), replica(await tiered('replicas:'))];
    const apply = (id: string, vector: Float32Array, version: number, title: string) => {
      for (const { catalogue, position } of replicas) {
        catalogue.upsert({ film: testFilm(id, { titles: { en: title } }, { now }), version, contentHash: `${id}-${version}` }, vector);
        position.epoch = String(Number(position.epoch) + 1);
      }
    };
    apply('a', unit(1, 0, 0), 1, 'A');
    apply('b', unit(0.9, 0.1, 0), 1, 'B');
    const query = { filmId: 'a', limit: 3, languages: ['en'], now };

    const [first, second] = replicas.map((r) => r.service);
    expect(await first.related(query)).toMatchObject({ cached: false, results: [{ id: 'b', title: 'B' }] });
    expect(await second.related(query)).toMatchObject({ cached: true, results: [{ id: 'b', title: 'B' }] });

    apply('b', unit(0.9, 0.1, 0), 2, 'B renamed');
    expect(await second.related(query)).toMatchObject({ cached: false, results: [{ id: 'b', title: 'B renamed' }] });
    expect(await first.related(query)).toMatchObject({ cached: true, results: [{ id: 'b', title: 'B renamed' }] });
  });
});
