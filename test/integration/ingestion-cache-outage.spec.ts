import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiAppModule } from '@marquee/api-app';
import { validateMarqueeConfig } from '@marquee/config';
import { filmIdOf } from '@marquee/domain';
import Redis from 'ioredis';
import { IndexerAppModule } from '@marquee/indexer-app';
import type { KafkaEventBus } from '@marquee/kafka';
import { eventually } from '../support/eventually';
import { filmStream } from '../support/film-history';
import { ingestionEnv, publishFilmEvents, startIngestionCluster, testBus } from '../support/ingestion';
import type { KafkaMock } from '../support/kafka-mock';
import { TestRedisServer } from '../support/redis-server';
import { initApp, teardownAfterAll } from '../support/teardown';

/** Keeps what the app logs, to check that an outage is reported. */
class RecordingLogger implements LoggerService {
  readonly warnings: string[] = [];
  log(): void {}
  error(): void {}
  debug(): void {}
  verbose(): void {}
  warn(message: unknown): void {
    this.warnings.push(String(message));
  }
}

/**
 * Redis goes away under a running API replica (a redis-server of the test's own, killed and
 * started again): answers keep coming, from the replica's own memory when it holds them, else
 * uncached with a warning; /health says the cache is down while /health/ready stays green; once
 * Redis is back, answers are cached in it again.
 */
const films = filmStream(12, { seed: 31, prefix: 'cache' }).filter((e) => e.type === 'film.added');

describe('the API while Redis is down and back (own redis-server, Kafka mock, bundled model)', () => {
  const teardown = teardownAfterAll();
  let mock: KafkaMock;
  let redis: TestRedisServer;
  let bus: KafkaEventBus;
  let api: NestFastifyApplication;
  const logger = new RecordingLogger();
  const get = async (url: string) => {
    const response = await api.inject({ method: 'GET', url });
    return { status: response.statusCode, body: response.json() };
  };
  const related = (limit = 5) => get(`/events/${filmIdOf(films[0])}/related?limit=${limit}`);

  beforeAll(async () => {
    [mock, redis] = await Promise.all([
      startIngestionCluster().then((m) => teardown.track('mock cluster', m, (started) => started.stop())),
      TestRedisServer.start().then((r) => teardown.track('redis-server', r, (started) => started.kill())),
    ]);
    Object.assign(
      process.env,
      ingestionEnv(mock.bootstrap, { INDEXER_GROUP_ID: 'cache-indexer', REDIS_URL: redis.url, CACHE_KEY_PREFIX: 'cache-outage:' }),
    );
    bus = teardown.track('test bus', testBus(mock.bootstrap, 'cache-test'), (b) => b.close());
    [, api] = await Promise.all([
      initApp(teardown, 'indexer', () =>
        NestFactory.create<NestFastifyApplication>(IndexerAppModule.register(validateMarqueeConfig(process.env)), new FastifyAdapter(), {
          logger: false,
        }),
      ),
      initApp(teardown, 'api', () =>
        NestFactory.create<NestFastifyApplication>(ApiAppModule.register(validateMarqueeConfig(process.env)), new FastifyAdapter(), {
          logger,
        }),
      ),
    ]);
    await api.getHttpAdapter().getInstance().ready();
    await publishFilmEvents(bus, films);
    await eventually(async () => expect((await get('/events?pageSize=50')).body.total).toBe(films.length));
  }, 60_000);

  it('caches answers in Redis while it is up', async () => {
    expect(await related()).toMatchObject({ status: 200, body: { cached: false } });
    expect(await related()).toMatchObject({ status: 200, body: { cached: true } });
    expect((await get('/health')).status).toBe(200);
  });

  it('answers from memory or uncached with a warning while Redis is down; /health reports the cache down, /health/ready stays 200', async () => {
    const answered = (await related()).body.results;
    await redis.kill();

    const held = await related();
    expect(held).toMatchObject({ status: 200, body: { cached: true } });
    expect(held.body.results).toEqual(answered);
    const uncached = await related(4);
    expect(uncached).toMatchObject({ status: 200, body: { cached: false } });
    expect(uncached.body.results).toHaveLength(4);
    expect(logger.warnings.some((w) => /cache read failed, answering uncached/.test(w))).toBe(true);

    const health = await get('/health');
    expect(health.status).toBe(503);
    expect(health.body.error).toMatchObject({ cache: { status: 'down' } });
    expect(health.body.info).toMatchObject({ index: { status: 'up' }, eventBus: { status: 'up' } });
    expect(await get('/health/ready')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('caches in Redis again once it is back', async () => {
    await redis.start();
    await eventually(async () => expect(await get('/health')).toMatchObject({ status: 200, body: { info: { cache: { status: 'up' } } } }));
    expect(await related(3)).toMatchObject({ status: 200, body: { cached: false } });
    expect(await related(3)).toMatchObject({ status: 200, body: { cached: true } });
    const client = new Redis(redis.url);
    try {
      // The restarted redis-server started empty: this key was written after the outage.
      expect(await client.keys('cache-outage:related:*')).toHaveLength(1);
    } finally {
      client.disconnect();
    }
  });
});
