import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DynamicModule } from '@nestjs/common';
import { AudienceAppModule } from '@marquee/audience-app';
import { validateMarqueeConfig, type MarqueeConfig } from '@marquee/config';
import { ProfilerAppModule } from '@marquee/profiler-app';
import { kafkaBootstrap } from '../support/kafka-env';
import { initApp, teardownAfterAll } from '../support/teardown';

/**
 * The profiler and audience worker apps as deployed (their app modules, not only their libs): they
 * start against the Kafka mock cluster and the real Redis and report both dependencies in /health.
 */
const run = randomUUID().slice(0, 8);
const config = (): MarqueeConfig =>
  validateMarqueeConfig({
    ...process.env,
    KAFKA_BROKERS: kafkaBootstrap().join(','),
    KAFKA_IDEMPOTENT: 'false',
    KAFKA_SESSION_TIMEOUT_MS: '3000',
    KAFKA_HEARTBEAT_MS: '500',
    REDIS_URL: 'redis://127.0.0.1:6379',
    CACHE_KEY_PREFIX: `marquee-workers-${run}:`,
    AUDIENCE_KEY_PREFIX: `marquee-workers-${run}:audience:`,
    PROFILER_GROUP_ID: `workers-profiler-${run}`,
    COLLAB_GROUP_ID: `workers-collaborative-${run}`,
    AUDIENCE_GROUP_ID: `workers-audience-${run}`,
    SNAPSHOT_DIR: 'off',
    API_KEY: 'worker-apps-key-0123456789',
    EMBEDDING_THREADS: '1',
    LOG_LEVEL: 'silent',
  });

describe('worker apps (Kafka mock, Redis)', () => {
  const teardown = teardownAfterAll();
  const start = (name: string, module: DynamicModule) =>
    initApp(teardown, name, () => NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), { logger: false }));
  const health = async (app: NestFastifyApplication) => {
    await app.getHttpAdapter().getInstance().ready();
    const response = await app.inject({ method: 'GET', url: '/health' });
    return { status: response.statusCode, body: response.json() };
  };

  it('the profiler reports its bus and profile store up', async () => {
    const profiler = await start('profiler', ProfilerAppModule.register(config()));
    expect(await health(profiler)).toEqual({
      status: 200,
      body: expect.objectContaining({ status: 'ok', info: { eventBus: { status: 'up' }, profileStore: { status: 'up' } } }),
    });
  }, 90_000);

  it('the audience worker reports its bus and aggregates store up', async () => {
    const audience = await start('audience', AudienceAppModule.register(config()));
    expect(await health(audience)).toEqual({
      status: 200,
      body: expect.objectContaining({ status: 'ok', info: { eventBus: { status: 'up' }, audienceStore: { status: 'up' } } }),
    });
  }, 90_000);
});
