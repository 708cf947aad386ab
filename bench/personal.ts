/**
 * Profiles and personal recommendations at scale: BENCH_INTERACTIONS (default 1,000,000) synthetic
 * interactions of BENCH_USERS (default 100,000) users through Kafka (the librdkafka mock cluster)
 * into the profiler and Redis (127.0.0.1:6379 or BENCH_REDIS_URL), over BENCH_FILMS (default 100,000)
 * synthetic films in an HNSW index, then:
 * - interactions/s from the first publish to the last profile write;
 * - event-to-changed-recommendation: publish a like of a film from another interest, poll the user's
 *   recommendations until the list changes (p50/p99, and the share within 1 s);
 * - uncached recommendations for one user (profile read from Redis + ranking over the catalogue) p50/p99;
 * - Redis bytes per profile (MEMORY USAGE over a sample).
 * The collaborative signal is the no-op one here (bench:collaborative measures it). Last line: one JSON object.
 *
 *   npm run bench:personal
 *   BENCH_USERS=20000 BENCH_INTERACTIONS=200000 BENCH_FILMS=20000 npm run bench:personal   # scaled down
 */
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { FilmCatalogue } from '@marquee/catalogue';
import { personalSettings, profilerSettings, validateMarqueeConfig } from '@marquee/config';
import { DEMO_VENUES } from '@marquee/demo-catalogue';
import { FilmSchema, Topics, userInteractionKey, type Film, type UserInteractionEvent } from '@marquee/domain';
import { KafkaEventBus } from '@marquee/kafka';
import { RedisProfileStore } from '@marquee/profiles';
import { ProfilingConsumer } from '@marquee/profiling';
import { NO_COLLABORATIVE_SIGNAL, PersonalRecommendationsService, PersonalRecommender, Recommender } from '@marquee/recommending';
import { HnswVectorIndex } from '@marquee/vector-index';
import { startKafkaMock } from '../test/support/kafka-mock';
import { silentLogger } from '../test/support/loggers';
import { percentile, round, table } from './support/measure';
import { progressBar } from './support/progress';
import { seededRandom } from '@marquee/random';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const INTERACTIONS = Number(process.env.BENCH_INTERACTIONS ?? 1_000_000);
const FILMS = Number(process.env.BENCH_FILMS ?? 100_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 50);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DIMENSION = 384;
const TOPICS = 200;
const FETCH_MAX_WAIT_MS = 50;
const PREFIX = `marquee-bench:personal:${process.pid}-${Date.now()}:`;
const DAY_MS = 86_400_000;

const random = seededRandom(12);
const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const unit = (v: Float32Array): Float32Array => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};

/** Films in TOPICS clusters (a topic centre plus noise), 1-3 upcoming screenings at a demo venue, Zipf popularity. */
const buildCatalogue = (now: Date) => {
  const centres = Array.from({ length: TOPICS }, () => unit(Float32Array.from({ length: DIMENSION }, gaussian)));
  const template = FilmSchema.parse({ id: 'template', titles: { en: 't' }, synopses: { en: 's' }, screenings: [] });
  const catalogue = new FilmCatalogue(new HnswVectorIndex({ dimension: DIMENSION, initialCapacity: FILMS }));
  const byTopic: string[][] = Array.from({ length: TOPICS }, () => []);
  const bar = progressBar('catalogue', FILMS, 'films');
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  for (let i = 0; i < FILMS; i++) {
    const topic = i % TOPICS;
    const id = `f${i}`;
    const venue = DEMO_VENUES[Math.floor(random() * DEMO_VENUES.length)];
    const screenings = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, s) => ({
      id: `${id}-s${s}`,
      start: new Date(today + (1 + Math.floor(random() * 42)) * DAY_MS + 19 * 3_600_000).toISOString(),
      timeZone: venue.timeZone,
      venue: { ...venue.venue },
      price: { amount: venue.price, currency: 'EUR' },
    })).sort((a, b) => a.start.localeCompare(b.start));
    const film: Film = {
      ...template,
      id,
      titles: { en: `Film ${i}` },
      synopses: { en: `Topic ${topic}.` },
      screenings,
      popularity: 1000 / (1 + i),
    };
    const vector = unit(centres[topic].map((x) => x + gaussian() * 0.03));
    catalogue.upsert({ film, version: 1, contentHash: id }, vector);
    byTopic[topic].push(id);
    if (i % 1000 === 0) bar.update(i);
  }
  bar.update(FILMS);
  bar.stop();
  return { catalogue, byTopic };
};

const TYPES: [UserInteractionEvent['type'], number][] = [
  ['view', 0.6],
  ['click', 0.2],
  ['like', 0.1],
  ['booking', 0.05],
  ['dismiss', 0.05],
];
const pickType = (): UserInteractionEvent['type'] => {
  let roll = random();
  for (const [type, share] of TYPES) if ((roll -= share) < 0) return type;
  return 'view';
};

const interactionOf = (userId: string, filmId: string, type: UserInteractionEvent['type'], at: Date): UserInteractionEvent =>
  ({
    type,
    userId,
    filmId,
    interactionId: randomUUID(),
    occurredAt: at.toISOString(),
    receivedAt: at.toISOString(),
  }) as UserInteractionEvent;

const main = async () => {
  Logger.overrideLogger(['error']);
  const now = new Date();
  const config = validateMarqueeConfig({});
  const started = performance.now();
  const { catalogue, byTopic } = buildCatalogue(now);
  const catalogueSeconds = round((performance.now() - started) / 1000, 1);
  // The mock keeps ~5 MiB per partition; an interaction is ~250 bytes.
  const partitions = Math.max(6, Math.ceil(INTERACTIONS / 15_000));
  const mock = await startKafkaMock({
    brokers: 1,
    topics: [
      { name: Topics.userInteractions, partitions },
      { name: Topics.userInteractionsDeadLetter, partitions: 1 },
      { name: Topics.userErasures, partitions: 3 },
    ],
  });
  const bus = new KafkaEventBus({
    brokers: mock.bootstrap,
    clientId: 'bench-personal',
    idempotent: false,
    sessionTimeout: 3_000,
    heartbeatInterval: 1_000,
    maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
    logger: silentLogger,
  });
  const store = new RedisProfileStore(REDIS_URL, { keyPrefix: PREFIX, tombstoneTtlSeconds: 3_600 });
  const profiling = profilerSettings(config);
  const consumer = new ProfilingConsumer({ ...profiling, groupId: `bench-profiler-${process.pid}`, partitionsInParallel: 16 }, bus, store, {
    vectorOf: (id) => catalogue.index.vectorOf(id),
    isReady: () => true,
  });
  const settings = personalSettings(config);
  const personal = new PersonalRecommender(catalogue, new Recommender(catalogue, settings), NO_COLLABORATIVE_SIGNAL, settings);
  const service = new PersonalRecommendationsService(store, personal, NO_COLLABORATIVE_SIGNAL);
  const admin = new Redis(REDIS_URL);
  try {
    await consumer.onModuleInit();
    await consumer.started();
    const handled = () => consumer.interactions.counters.consumed;

    // Each user has one or two interests (topics); 90% of their interactions are in them.
    const interestsOf = Array.from({ length: USERS }, () => {
      const first = Math.floor(random() * TOPICS);
      return random() < 0.5 ? [first] : [first, Math.floor(random() * TOPICS)];
    });
    const filmFor = (user: number): string => {
      const topics = interestsOf[user];
      const topic = random() < 0.9 ? topics[Math.floor(random() * topics.length)] : Math.floor(random() * TOPICS);
      const films = byTopic[topic];
      return films[Math.floor(random() * Math.min(films.length, 60))];
    };
    const bar = progressBar('interactions', INTERACTIONS);
    const first = performance.now();
    const CHUNK = 2_000;
    for (let sent = 0; sent < INTERACTIONS; sent += CHUNK) {
      const events = Array.from({ length: Math.min(CHUNK, INTERACTIONS - sent) }, (_, j) => {
        const user = (sent + j) % USERS;
        return interactionOf(`u${user}`, filmFor(user), pickType(), new Date(now.getTime() - (INTERACTIONS - sent - j)));
      });
      await bus.publish(
        Topics.userInteractions,
        events.map((e) => ({ key: userInteractionKey(e), value: JSON.stringify(e) })),
      );
      bar.update(handled());
      // Keep the producer at most a few chunks ahead, so publishing does not starve the consumer of the one CPU it has.
      while (sent - handled() > 50 * CHUNK) await new Promise((r) => setTimeout(r, 20));
    }
    const published = performance.now();
    while (handled() < INTERACTIONS) {
      bar.update(handled());
      await new Promise((r) => setTimeout(r, 50));
    }
    bar.update(INTERACTIONS);
    bar.stop();
    const ingestSeconds = (performance.now() - first) / 1000;
    const interactionsPerSecond = round(INTERACTIONS / ingestSeconds, 0);

    // Redis bytes per profile, over a sample.
    const sample = Array.from({ length: 300 }, (_, i) => `u${Math.floor((i * USERS) / 300)}`);
    const bytes = (await Promise.all(sample.map((u) => store.memoryUsage(u)))).filter((b): b is number => b !== undefined);
    const bytesPerProfile = round(bytes.reduce((a, b) => a + b, 0) / bytes.length, 0);

    // Uncached recommendations: profile from Redis + ranking, one user after the other.
    const timings: number[] = [];
    for (let q = 0; q < QUERIES; q++) {
      const at = performance.now();
      await service.recommend(`u${Math.floor(random() * USERS)}`, { limit: 10, now, languages: ['en'] });
      timings.push(performance.now() - at);
    }

    // Event to changed recommendation: a like of a film from a topic the user never met.
    const latencies: number[] = [];
    for (let c = 0; c < CHANGES; c++) {
      const user = Math.floor(random() * USERS);
      const userId = `u${user}`;
      const before = (await service.recommend(userId, { limit: 10, now, languages: ['en'] })).results.map((r) => r.id).join();
      const topic = (interestsOf[user][0] + 1 + Math.floor(random() * (TOPICS - 2))) % TOPICS;
      const event = interactionOf(userId, byTopic[topic][0], 'like', new Date());
      const at = performance.now();
      await bus.publish(Topics.userInteractions, [{ key: userId, value: JSON.stringify(event) }]);
      let after = before;
      while (after === before && performance.now() - at < 10_000) {
        await new Promise((r) => setTimeout(r, 5));
        after = (await service.recommend(userId, { limit: 10, now, languages: ['en'] })).results.map((r) => r.id).join();
      }
      latencies.push(performance.now() - at);
    }
    const withinOneSecond = round(latencies.filter((ms) => ms <= 1_000).length / latencies.length, 3);

    const result = {
      bench: 'personal',
      users: USERS,
      interactions: INTERACTIONS,
      films: FILMS,
      interactionsPerSecond,
      eventToChangeP50Ms: round(percentile(latencies, 50), 1),
      eventToChangeP99Ms: round(percentile(latencies, 99), 1),
      changedWithinOneSecond: withinOneSecond,
      recommendationsP50Ms: round(percentile(timings, 50), 2),
      recommendationsP99Ms: round(percentile(timings, 99), 2),
      redisBytesPerProfile: bytesPerProfile,
    };
    console.log(
      `${INTERACTIONS} interactions of ${USERS} users over ${FILMS} films (${TOPICS} topics, HNSW, built in ${catalogueSeconds} s); ` +
        `Kafka mock, ${partitions} partitions; profiles in Redis; published in ${round((published - first) / 1000, 1)} s`,
    );
    console.log(
      table([
        ['measure', 'value'],
        ['interactions/s (publish to last profile write)', interactionsPerSecond],
        ['event to changed recommendation p50 / p99 ms', `${result.eventToChangeP50Ms} / ${result.eventToChangeP99Ms}`],
        ['changed within 1 s', `${withinOneSecond * 100}% of ${CHANGES}`],
        ['uncached recommendations p50 / p99 ms (Redis read + ranking)', `${result.recommendationsP50Ms} / ${result.recommendationsP99Ms}`],
        ['Redis bytes per profile (MEMORY USAGE)', bytesPerProfile],
      ]),
    );
    console.log(JSON.stringify(result));
  } finally {
    await consumer.onModuleDestroy();
    await bus.close();
    await store.close();
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${PREFIX}*`, 'COUNT', 1000);
      if (keys.length > 0) await admin.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
    await admin.quit();
    await mock.stop();
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
