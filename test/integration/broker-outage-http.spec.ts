import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '@marquee/api-app';
import { validateMarqueeConfig } from '@marquee/config';
import { Topics } from '@marquee/domain';
import { addedEvent, testFilm } from '../support/films';
import { ingestionEnv, TEST_API_KEY } from '../support/ingestion';
import { startKafkaMock, type KafkaMock } from '../support/kafka-mock';
import { initApp, teardownAfterAll } from '../support/teardown';

const BROKERS = [1, 2];
const PUBLISH_TIMEOUT_MS = 1_500;

/**
 * Every broker down: the write routes answer 503 with Retry-After and a message within the
 * publish timeout, rather than a 500 after kafkajs' retries run out; up again, they accept.
 */
describe('writes while every Kafka broker is down (own mock cluster)', () => {
  let mock: KafkaMock;
  let api: NestFastifyApplication;
  const saved = { ...process.env };

  const postEvent = (id: string) =>
    api.inject({
      method: 'POST',
      url: '/events',
      headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json' },
      payload: JSON.stringify(addedEvent(testFilm(id))),
    });
  const postFeedback = () =>
    api.inject({
      method: 'POST',
      url: '/feedback',
      headers: { 'content-type': 'application/json' },
      payload: { type: 'click', eventId: 'some-film', userId: 'visitor-1' },
    });

  const teardown = teardownAfterAll();

  beforeAll(async () => {
    teardown.add('environment', () => (process.env = saved));
    mock = await startKafkaMock({
      brokers: BROKERS.length,
      topics: [Topics.filmEvents, Topics.filmIndex, Topics.filmEventsDeadLetter, Topics.userInteractions].map((name) => ({
        name,
        partitions: 2,
      })),
    });
    teardown.add('mock cluster', () => mock.stop());
    Object.assign(
      process.env,
      ingestionEnv(mock.bootstrap, {
        REDIS_URL: 'redis://127.0.0.1:6379',
        CACHE_KEY_PREFIX: `outage-${process.pid}:`,
        KAFKA_PUBLISH_TIMEOUT_MS: String(PUBLISH_TIMEOUT_MS),
      }),
    );
    api = await initApp(teardown, 'api', () => createApiApp(validateMarqueeConfig(process.env), { logs: false }));
    // Runs before the API closes, so its producer does not wait for brokers a test left down.
    teardown.add('brokers up', async () => {
      for (const broker of BROKERS) await mock.brokerUp(broker).catch(() => undefined);
    });
    await api.getHttpAdapter().getInstance().ready();
  }, 60_000);

  it('answers 503 with Retry-After and a message, then accepts again once a broker is back', async () => {
    expect((await postEvent('before-outage')).statusCode).toBe(202);
    for (const broker of BROKERS) await mock.brokerDown(broker);

    for (const refused of [await postEvent('during-outage'), await postFeedback()]) {
      expect(refused.statusCode).toBe(503);
      expect(refused.headers['retry-after']).toBe(String(Math.ceil(PUBLISH_TIMEOUT_MS / 1_000)));
      expect(refused.json().message).toMatch(/event bus is unavailable, try again in 2 s/);
    }

    for (const broker of BROKERS) await mock.brokerUp(broker);
    let status = 0;
    for (let attempt = 0; attempt < 20 && status !== 202; attempt++) status = (await postEvent('after-outage')).statusCode;
    expect(status).toBe(202);
  }, 60_000);
});
