import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Topics, userInteractionKey, type UserInteractionEvent } from '@marquee/domain';
import type { KafkaEventBus } from '@marquee/kafka';
import { DeadLetterHeaders } from '@marquee/messaging';
import { RedisProfileStore } from '@marquee/profiles';
import { ProfilingConsumer, type FilmVectors, type ProfilingOptions } from '@marquee/profiling';
import { eventually } from '../support/eventually';
import { testBus, TopicRecorder } from '../support/ingestion';
import { kafkaBootstrap } from '../support/kafka-env';
import { redisTestKeys, TEST_REDIS_URL } from '../support/redis-keys';
import { axisVector, defaultProfileOptions, interaction } from '../support/profiles';

/**
 * The profiler on the Kafka mock cluster's shared `user-interactions`, `user-erasures` and
 * dead-letter topics, with profiles in the real Redis. Users are unique to the run, so the other
 * suites' messages on the same topics never meet these.
 */
const RUN = `${process.pid}-${Date.now()}`;
const { prefix: RUN_PREFIX } = redisTestKeys('profiler');
const user = (name: string): string => `profiler-${RUN}-${name}`;

const vectors: FilmVectors = {
  vectorOf: (filmId) =>
    filmId.startsWith('doc') ? axisVector(8, 0, 0.1) : filmId.startsWith('horror') ? axisVector(8, 4, 0.1) : undefined,
  isReady: () => true,
};

const options = (name: string): ProfilingOptions => ({
  groupId: `profiler-test-${RUN}-${name}`,
  partitionsInParallel: 2,
  usersInParallel: 8,
  retry: { attempts: 2, initialDelayMs: 10, maxDelayMs: 50 },
  profile: defaultProfileOptions(),
});

let bus: KafkaEventBus;
const running: { consumer: ProfilingConsumer; store: RedisProfileStore }[] = [];

const startProfiler = async (name: string, prefix = `${RUN_PREFIX}${name}:`) => {
  const store = new RedisProfileStore(TEST_REDIS_URL, { keyPrefix: prefix, tombstoneTtlSeconds: 3_600 });
  const consumer = new ProfilingConsumer(options(name), bus, store, vectors);
  running.push({ consumer, store });
  await consumer.onModuleInit();
  await consumer.started();
  return { consumer, store };
};

const publish = (events: UserInteractionEvent[]): Promise<void> =>
  bus.publish(
    Topics.userInteractions,
    events.map((e) => ({ key: userInteractionKey(e), value: JSON.stringify(e) })),
  );

beforeAll(async () => {
  Logger.overrideLogger(false);
  bus = testBus(kafkaBootstrap(), 'profiler-test');
});

afterEach(async () => {
  for (const { consumer, store } of running.splice(0)) {
    await consumer.onModuleDestroy();
    await store.close();
  }
});

afterAll(async () => {
  await bus.close();
});

describe('the profiler over Kafka (mock cluster) into Redis', () => {
  it('builds profiles from interactions, once per interaction even when a message comes twice', async () => {
    const { store } = await startProfiler('build');
    const alice = user('alice');
    const like = interaction({ type: 'like', userId: alice, filmId: 'doc-1' });
    await publish([
      like,
      interaction({ type: 'booking', userId: alice, filmId: 'horror-1' }),
      interaction({ type: 'dismiss', userId: alice, filmId: 'doc-2' }),
      like,
    ]);

    await eventually(async () => expect(await store.get(alice)).toMatchObject({ version: 3 }));
    const profile = await store.get(alice);
    expect(profile).toMatchObject({ seen: ['doc-1'], liked: ['doc-1'], booked: ['horror-1'], dismissed: ['doc-2'] });
    expect(profile?.interests).toHaveLength(2);
  });

  it('dead-letters bad interactions with the reason and still handles old-shape messages', async () => {
    const recorder = await TopicRecorder.start(bus, Topics.userInteractionsDeadLetter);
    const { consumer, store } = await startProfiler('dead-letters');
    const bob = user('bob');
    const badKey = `${bob}-bad`;
    const now = new Date().toISOString();
    // The first contract: `eventId` for the film, a recommendationId, no user.
    const oldShape = {
      type: 'booking',
      eventId: 'doc-9',
      recommendationId: randomUUID(),
      interactionId: randomUUID(),
      occurredAt: now,
      receivedAt: now,
    };
    const handledBefore = consumer.interactions.counters.handled;
    await bus.publish(Topics.userInteractions, [
      {
        key: badKey,
        value: JSON.stringify({
          type: 'rating',
          userId: bob,
          filmId: 'doc-1',
          rating: 7,
          interactionId: randomUUID(),
          occurredAt: now,
          receivedAt: now,
        }),
      },
      { key: badKey, value: '{"type":"like"' },
      { key: oldShape.recommendationId, value: JSON.stringify(oldShape) },
      { key: bob, value: JSON.stringify(interaction({ type: 'view', userId: bob, filmId: 'doc-3' })) },
    ]);

    await eventually(async () => expect(recorder.messages.filter((m) => m.key === badKey)).toHaveLength(2));
    const reasons = recorder.messages.filter((m) => m.key === badKey).map((m) => m.headers[DeadLetterHeaders.reason]);
    expect(reasons).toEqual(expect.arrayContaining([expect.stringMatching(/rating/), expect.stringMatching(/JSON/i)]));
    await eventually(async () => expect(await store.get(bob)).toMatchObject({ seen: ['doc-3'] }));
    expect(consumer.interactions.counters.handled - handledBefore).toBeGreaterThanOrEqual(2);
    expect(recorder.messages.some((m) => m.key === oldShape.recommendationId)).toBe(false);
    await recorder.stop();
  });

  it('honours erasures, also when the whole topic is replayed into an empty store', async () => {
    const carol = user('carol');
    const dave = user('dave');
    const { store } = await startProfiler('erasure');
    await publish([
      interaction({ type: 'like', userId: carol, filmId: 'doc-1' }),
      interaction({ type: 'like', userId: dave, filmId: 'doc-1' }),
    ]);
    await eventually(async () => expect(await store.get(carol)).toBeDefined());

    const erasedAt = new Date();
    await bus.publish(Topics.userErasures, [
      { key: carol, value: JSON.stringify({ erasureId: randomUUID(), userId: carol, requestedAt: erasedAt.toISOString() }) },
    ]);
    await eventually(async () => expect(await store.get(carol)).toBeUndefined());
    // Carol comes back after the erasure: a new profile from the new interaction only.
    const later = new Date(erasedAt.getTime() + 1_000);
    await publish([interaction({ type: 'view', userId: carol, filmId: 'horror-2' }, later)]);
    await eventually(async () => expect(await store.get(carol)).toMatchObject({ seen: ['horror-2'], liked: [] }));

    // A new profiler group over an empty store replays everything: Carol's old like is not rebuilt.
    const replay = await startProfiler('erasure-replay');
    await eventually(async () => expect(await replay.store.get(dave)).toMatchObject({ liked: ['doc-1'] }));
    await eventually(async () => expect(await replay.store.get(carol)).toMatchObject({ seen: ['horror-2'] }));
    expect((await replay.store.get(carol))?.liked).toEqual([]);
    expect(await replay.store.erasedAt(carol)).toBe(erasedAt.getTime());
  });
});
