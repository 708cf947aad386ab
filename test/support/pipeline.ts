import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import { createApiApp } from '@marquee/api-app';
import { validateMarqueeConfig } from '@marquee/config';
import { filmIdOf, Topics, type FilmEvent } from '@marquee/domain';
import { IndexerAppModule } from '@marquee/indexer-app';
import { KafkaEventBus } from '@marquee/kafka';
import { eventually } from './eventually';
import { kafkaBootstrap } from './kafka-env';
import { initApp, type Teardown } from './teardown';

export const PIPELINE_API_KEY = 'e2e-api-key-0123456789';

export interface Pipeline {
  indexer: NestFastifyApplication;
  api: NestFastifyApplication;
  producer: KafkaEventBus;
  redis: Redis;
  get(url: string, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  /** Publishes film events to `film-events` keyed by film id, as a producer would. */
  publish(...events: FilmEvent[]): Promise<void>;
  /** Waits until GET /events/:id answers `status` for every id (film-index is shared by the run's suites). */
  waitForFilms(ids: string[], status?: number, timeoutMs?: number): Promise<void>;
}

/**
 * The real pipeline in this process: an indexer and an API replica on the shared Kafka mock cluster
 * and the real Redis, with the bundled model. `name` keeps groups and cache keys apart between suites.
 * Each part is registered with `teardown` as it starts (the cache keys are removed last).
 */
export const startPipeline = async (teardown: Teardown, name: string): Promise<Pipeline> => {
  const cachePrefix = `marquee-e2e-${name}:`;
  Object.assign(process.env, {
    KAFKA_BROKERS: kafkaBootstrap().join(','),
    KAFKA_IDEMPOTENT: 'false',
    KAFKA_SESSION_TIMEOUT_MS: '3000',
    KAFKA_HEARTBEAT_MS: '500',
    INDEXER_GROUP_ID: `e2e-indexer-${name}`,
    REDIS_URL: 'redis://127.0.0.1:6379',
    CACHE_KEY_PREFIX: cachePrefix,
    SNAPSHOT_DIR: 'off',
    API_KEY: PIPELINE_API_KEY,
    EMBEDDING_THREADS: '1',
    LOG_LEVEL: 'silent',
  });
  const redis = teardown.track('redis', new Redis('redis://127.0.0.1:6379'), async (client) => {
    const keys = await client.keys(`${cachePrefix}*`);
    if (keys.length) await client.del(...keys);
    client.disconnect();
  });
  const producer = teardown.track(
    'producer',
    new KafkaEventBus({
      brokers: kafkaBootstrap(),
      clientId: `e2e-producer-${name}`,
      idempotent: false,
      sessionTimeout: 3_000,
      heartbeatInterval: 500,
    }),
    (bus) => bus.close(),
  );
  const indexer = await initApp(teardown, 'indexer', () =>
    NestFactory.create<NestFastifyApplication>(IndexerAppModule.register(validateMarqueeConfig(process.env)), new FastifyAdapter(), {
      logger: false,
    }),
  );
  const api = await initApp(teardown, 'api', () => createApiApp(validateMarqueeConfig(process.env), { logs: false }));
  await api.getHttpAdapter().getInstance().ready();

  const get = async (url: string, headers: Record<string, string> = {}) => {
    const response = await api.inject({ method: 'GET', url, headers });
    return { status: response.statusCode, body: response.json() };
  };
  return {
    indexer,
    api,
    producer,
    redis,
    get,
    publish: (...events) =>
      producer.publish(
        Topics.filmEvents,
        events.map((e) => ({ key: filmIdOf(e), value: JSON.stringify(e) })),
      ),
    waitForFilms: (ids, status = 200, timeoutMs = 90_000) =>
      eventually(async () => {
        for (const id of ids) expect((await get(`/events/${id}`)).status).toBe(status);
      }, timeoutMs),
  };
};
