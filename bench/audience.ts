/**
 * Audience aggregation throughput, in one run: N synthetic interactions (the embedded default's
 * generator over the demo catalogue's films and venues, 8 weeks, 20,000 users) published to
 * `user-interactions` on a Kafka mock cluster, then consumed by the audience worker's own consumer
 * in time order (AudienceConsumers: parse → dead-letter → one aggregate update per batch) into the Redis
 * aggregates (RedisAudienceStore: counts, HyperLogLogs, offset fences). Interactions/s from the first
 * consumed batch to the last applied one; the dashboard's queries (AudienceQueries, answers uncached:
 * a fresh instance per round, with 500 live interactions applied to the latest week before each
 * round but the first) timed over the result; Redis memory of the aggregates' keys.
 *
 * The theme model is synthetic (20 themes, films assigned at random): aggregation does not depend
 * on how themes were found, and embedding the catalogue would only add minutes.
 *
 * The topic has the partitions production gives it (12, docker-compose.yml). librdkafka's mock keeps
 * at most 5 MiB per partition and drops older record batches beyond that, so the bench publishes
 * gzip-compressed record batches (1M interactions are ~47 MiB compressed, ~280 MiB raw) and checks
 * that no partition lost its start; the consumer pays the gunzip, which an uncompressed production
 * topic would not. Each publish sends 2,000 interactions per partition: the mock answers a fetch with
 * one record batch per partition, so that is the size of the batches the consumer sees.
 *
 *   npm run bench:audience    # BENCH_INTERACTIONS (1000000), BENCH_PARTITIONS (12), REDIS_URL (redis://127.0.0.1:6379),
 *                             # AUDIENCE_PARTITIONS_IN_PARALLEL (= partitions), AUDIENCE_FLUSH_MESSAGES, AUDIENCE_FLUSH_IDLE_MS
 *                             # BENCH_CPU_PROFILE=file.cpuprofile: a V8 CPU profile of the consume window only
 *
 * Progress goes to stderr; the last stdout line is a JSON summary.
 */
import 'reflect-metadata';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import { Kafka, logLevel } from 'kafkajs';
import { performance } from 'node:perf_hooks';
import {
  AudienceAggregator,
  AudienceQueries,
  AudienceQuerySchema,
  RedisAudienceStore,
  Suppression,
  type Programme,
} from '@marquee/audience';
import { AudienceConsumers, syntheticInteractions, type AudienceModuleOptions } from '@marquee/audience-pipeline';
import { audienceSettings, themeSettings, validateMarqueeConfig } from '@marquee/config';
import { CATALOGUE_FILMS, DEMO_VENUES } from '@marquee/demo-catalogue';
import { Topics, userInteractionKey, type ThemeModel } from '@marquee/domain';
import { KafkaEventBus } from '@marquee/kafka';
import { seededRandom } from '@marquee/random';
import { startKafkaMock } from '../test/support/kafka-mock';
import { silentLogger } from '../test/support/loggers';
import { percentile } from './support/measure';
import { progressBar } from './support/progress';

const INTERACTIONS = Number(process.env.BENCH_INTERACTIONS ?? 1_000_000);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** user-interactions in docker-compose.yml. */
const PARTITIONS = Number(process.env.BENCH_PARTITIONS ?? 12);
const PARALLEL = Number(process.env.AUDIENCE_PARTITIONS_IN_PARALLEL ?? PARTITIONS);
const WEEKS = 8;
const USERS = 20_000;
const THEMES = 20;
const QUERY_ROUNDS = 30;
/** Interactions applied before each query round but the first. */
const LIVE_FLUSH = 500;
/** Interactions per partition in one publish: the record batch a fetch returns. */
const PER_PARTITION_BATCH = Number(process.env.BENCH_BATCH ?? 2_000);
const PUBLISH_CHUNK = PARTITIONS * PER_PARTITION_BATCH;
const FETCH_MAX_WAIT_MS = 10;

const syntheticModel = (filmIds: string[]): ThemeModel => {
  const random = seededRandom(7);
  const ids = Array.from({ length: THEMES }, (_, i) => `theme-${i + 1}`);
  const shares = Object.fromEntries(filmIds.map((id) => [id, [{ themeId: ids[Math.floor(random() * THEMES)], share: 1 }]]));
  return {
    version: 1,
    computedAt: new Date().toISOString(),
    kChoice: 'configured',
    silhouette: 0,
    nextThemeNumber: THEMES + 1,
    themes: ids.map((id) => ({
      id,
      centroid: [1],
      size: filmIds.filter((f) => shares[f][0].themeId === id).length,
      words: { en: [`word${id}`], nl: [`woord${id}`], fr: [`mot${id}`] },
      genres: [],
      topFilmIds: filmIds.filter((f) => shares[f][0].themeId === id).slice(0, 10),
    })),
    shares,
  };
};

interface CpuSample {
  consumer: NodeJS.CpuUsage;
  mockTicks: number;
  redisSeconds: number;
}

/** CPU used so far by this process, the Kafka mock (from /proc) and the Redis server (INFO cpu). */
const cpuSample = async (redis: Redis, mockPid: number): Promise<CpuSample> => {
  const stat = readFileSync(`/proc/${mockPid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const info = await redis.info('cpu');
  const seconds = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return {
    consumer: process.cpuUsage(),
    mockTicks: Number(fields[11]) + Number(fields[12]),
    redisSeconds: seconds('used_cpu_user') + seconds('used_cpu_sys'),
  };
};

/** Clock ticks are 1/100 s on Linux. */
const cpuSpent = (from: CpuSample, to: CpuSample) => {
  const usage = process.cpuUsage(from.consumer);
  return {
    consumer: (usage.user + usage.system) / 1e6,
    mock: (to.mockTicks - from.mockTicks) / 100,
    redis: to.redisSeconds - from.redisSeconds,
  };
};

/** Memory of every key under a prefix (MEMORY USAGE, sampled exactly), in all and by kind (`seen`, `fence`, `n`, `u`, `q`, `qu`, …). */
const memoryOf = async (redis: Redis, prefix: string): Promise<{ keys: number; bytes: number; byKind: Record<string, number> }> => {
  let cursor = '0';
  let keys = 0;
  let bytes = 0;
  const byKind: Record<string, number> = {};
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    const pipeline = redis.pipeline();
    for (const key of batch) pipeline.memory('USAGE', key, 'SAMPLES', 0);
    ((await pipeline.exec()) ?? []).forEach(([, value], i) => {
      const rest = batch[i].slice(prefix.length);
      const kind = rest.startsWith('{') ? rest.slice(rest.indexOf('}:') + 2).split(':')[0] : rest;
      byKind[kind] = (byKind[kind] ?? 0) + Number(value ?? 0);
      bytes += Number(value ?? 0);
    });
    keys += batch.length;
  } while (cursor !== '0');
  return { keys, bytes, byKind };
};

/** The mock drops a partition's oldest record batches beyond 5 MiB: then the bench would wait forever. */
const mustHoldEverything = async (brokers: string[], published: number): Promise<void> => {
  const admin = new Kafka({ clientId: 'bench-audience-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(Topics.userInteractions);
    const held = offsets.reduce((sum, { low, high }) => sum + Number(high) - Number(low), 0);
    if (held !== published)
      throw new Error(`the Kafka mock holds ${held} of ${published} interactions (5 MiB per partition): use more BENCH_PARTITIONS`);
  } finally {
    await admin.disconnect();
  }
};

const main = async () => {
  const config = validateMarqueeConfig({
    AUDIENCE_PARTITIONS_IN_PARALLEL: String(PARALLEL),
    ...(process.env.AUDIENCE_FLUSH_MESSAGES ? { AUDIENCE_FLUSH_MESSAGES: process.env.AUDIENCE_FLUSH_MESSAGES } : {}),
    ...(process.env.AUDIENCE_FLUSH_IDLE_MS ? { AUDIENCE_FLUSH_IDLE_MS: process.env.AUDIENCE_FLUSH_IDLE_MS } : {}),
  });
  const prefix = `bench:audience:${process.pid}:`;
  const audience = { ...audienceSettings(config), groupId: `bench-audience-${process.pid}`, keyPrefix: prefix };
  const films = CATALOGUE_FILMS.map((film, i) => {
    const venues = [0, 7, 13].map((n) => DEMO_VENUES[(i + n) % DEMO_VENUES.length].venue);
    return { id: film.id, places: venues.map((v) => ({ city: v.city, venue: v.name })) };
  });
  const model = syntheticModel(films.map((f) => f.id));
  const now = new Date();
  const generating = performance.now();
  const perWeek = Math.ceil(INTERACTIONS / WEEKS);
  // In time order, as a live topic (and so its replay) holds them.
  let events = syntheticInteractions(films, model, { weeks: WEEKS, perWeek, users: USERS, seed: 3, now })
    .slice(0, INTERACTIONS)
    .sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
  let messages = events.map((event) => ({ key: userInteractionKey(event), value: JSON.stringify(event) }));
  const total = messages.length;
  const generatedSeconds = (performance.now() - generating) / 1000;
  const meanBytes = messages.reduce((s, m) => s + m.value.length, 0) / messages.length;

  const mock = await startKafkaMock({
    brokers: 1,
    topics: [
      { name: Topics.userInteractions, partitions: PARTITIONS },
      { name: Topics.userInteractionsDeadLetter, partitions: 1 },
      { name: Topics.userErasures, partitions: 1 },
    ],
  });
  const bus = new KafkaEventBus({
    brokers: mock.bootstrap,
    clientId: 'bench-audience',
    idempotent: false,
    // kafkajs' default: a flush of tens of thousands of interactions holds the event loop for a while on a loaded machine.
    sessionTimeout: 30_000,
    heartbeatInterval: 3_000,
    maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
    // Sends of thousands of interactions to a mock on a busy machine: a publish may take seconds.
    publishTimeoutMs: 120_000,
    compression: 'gzip',
    logger: { ...silentLogger, error: (message) => console.error(message), warn: (message) => console.error(message) },
  });
  const store = new RedisAudienceStore(REDIS_URL, { keyPrefix: prefix, retentionWeeks: audience.retentionWeeks });
  const redis = new Redis(REDIS_URL);
  let consumers: AudienceConsumers | undefined;
  try {
    const publishBar = progressBar('publish → user-interactions', messages.length, 'interactions');
    const publishing = performance.now();
    for (let start = 0; start < messages.length; start += PUBLISH_CHUNK) {
      await bus.publish(Topics.userInteractions, messages.slice(start, start + PUBLISH_CHUNK));
      publishBar.update(Math.min(messages.length, start + PUBLISH_CHUNK));
    }
    publishBar.stop();
    const publishSeconds = (performance.now() - publishing) / 1000;
    await mustHoldEverything(mock.bootstrap, total);
    // A worker holds no copy of the topic: the generated interactions leave the heap before consuming
    // (held, they were ~600 MB of old generation that every major collection of the consumer marked).
    const live = events.slice(-LIVE_FLUSH);
    events = [];
    messages = [];

    const aggregator = new AudienceAggregator(store, () => model);
    if (process.env.BENCH_TRACE) {
      const add = aggregator.add.bind(aggregator);
      let lastEnd = performance.now();
      aggregator.add = async (events) => {
        const started = performance.now();
        const applied = await add(events);
        const ended = performance.now();
        console.error(`flush of ${events.length}: ${Math.round(ended - started)} ms, ${Math.round(started - lastEnd)} ms after the last`);
        lastEnd = ended;
        return applied;
      };
    }
    const options: AudienceModuleOptions = { audience, themes: themeSettings(config), worker: true, redisUrl: REDIS_URL };
    consumers = new AudienceConsumers(options, bus, aggregator);
    const consumed = consumers;
    const bar = progressBar('user-interactions → aggregates', total, 'interactions');
    let firstBatchAt: number | undefined;
    let cpuAtFirstBatch: CpuSample | undefined;
    let handlingMs = 0;
    let batches = 0;
    const profiler = process.env.BENCH_CPU_PROFILE ? new Session() : undefined;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
    }
    const original = consumed.handleBatch.bind(consumed);
    let done!: () => void;
    const allApplied = new Promise<void>((resolve) => (done = resolve));
    consumed.handleBatch = async (batch) => {
      if (firstBatchAt === undefined) {
        firstBatchAt = performance.now();
        cpuAtFirstBatch = await cpuSample(redis, mock.pid);
        if (profiler) await profiler.post('Profiler.start');
      }
      const handling = performance.now();
      if (process.env.BENCH_TRACE) console.error(`batch ${batch.partition}@${batch.messages[0]?.offset}: ${batch.messages.length}`);
      await original(batch);
      handlingMs += performance.now() - handling;
      batches += 1;
      bar.update(consumed.applied);
      if (consumed.applied >= total) done();
    };
    await consumed.onModuleInit();
    await allApplied;
    const consumeSeconds = (performance.now() - (firstBatchAt as number)) / 1000;
    const cpu = cpuSpent(cpuAtFirstBatch as CpuSample, await cpuSample(redis, mock.pid));
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(process.env.BENCH_CPU_PROFILE as string, JSON.stringify(profile));
      profiler.disconnect();
    }
    bar.stop();
    const counters = { ...consumed.interactions.counters };

    const programme: Programme = {
      // One screening per film and venue ahead: what unmet demand compares with.
      *screeningsBetween(fromMs) {
        for (const film of films)
          for (const place of film.places) yield { filmId: film.id, city: place.city, venue: place.venue, startMs: fromMs + 86_400_000 };
      },
      filmTitle: (filmId) => filmId,
    };
    const query = AudienceQuerySchema.parse({ lang: 'en' });
    const cityQuery = AudienceQuerySchema.parse({ lang: 'en', city: DEMO_VENUES[0].venue.city });
    const timings: Record<string, number[]> = {};
    const pageLoads: number[] = [];
    const queryBar = progressBar('dashboard queries (uncached)', QUERY_ROUNDS, 'rounds');
    // Live traffic between rounds: a flush of the latest interactions again, as new ones at new offsets
    // (so the current week changes before every round, as it does under a dashboard in production).
    for (let round = 0; round < QUERY_ROUNDS; round++) {
      if (round > 0)
        await aggregator.add(
          live.map((event, i) => ({
            event: { ...event, interactionId: randomUUID() },
            partition: 0,
            offset: total + round * LIVE_FLUSH + i,
          })),
        );
      const queries = new AudienceQueries(store, new Suppression(audience.minUsers), audience, programme, () => model);
      const q = round % 2 === 0 ? query : cityQuery;
      const calls: [string, () => Promise<unknown>][] = [
        ['themes', () => queries.themesOverview(q)],
        ['share', () => queries.shareOverTime(q)],
        ['breakdown-city', () => queries.breakdown('city', q)],
        ['trending', () => queries.trending(q)],
        ['unmet-demand', () => queries.unmetDemand(q)],
        ['theme-detail', () => queries.themeDetail('theme-1', q)],
        ['co-interest', () => queries.coInterest(q)],
      ];
      const pageStart = performance.now();
      for (const [name, call] of calls) {
        const started = performance.now();
        await call();
        (timings[name] ??= []).push(performance.now() - started);
      }
      pageLoads.push(performance.now() - pageStart);
      queryBar.update(round + 1);
    }
    queryBar.stop();
    const all = Object.values(timings).flat();
    const memory = await memoryOf(redis, prefix);

    const round = (x: number, digits = 1) => Number(x.toFixed(digits));
    const interactionsPerSecond = total / consumeSeconds;
    console.log(
      `${total} synthetic interactions (mean ${Math.round(meanBytes)} B, generated in ${round(generatedSeconds)} s), ${WEEKS} weeks, ${USERS} users, ${THEMES} themes, ${PARTITIONS} partitions, ${PARALLEL} in parallel`,
    );
    console.log(`publish: ${round(publishSeconds)} s (${Math.round(total / publishSeconds)}/s)`);
    console.log(
      `consume → aggregates: ${round(consumeSeconds)} s = ${Math.round(interactionsPerSecond)} interactions/s (target ≥ 20000/s); counters ${JSON.stringify(counters)}`,
    );
    const cpuTotal = cpu.consumer + cpu.mock + cpu.redis;
    console.log(
      `  CPU during it: consumer ${round(cpu.consumer)} s, Kafka mock ${round(cpu.mock)} s, Redis ${round(cpu.redis)} s (the shared server: others' commands too) = ${round(cpuTotal)} CPU-s for ${round(consumeSeconds)} s on a machine with load ${os.loadavg()[0].toFixed(1)}: ${Math.round(total / cpuTotal)} interactions per CPU-second, so ${Math.round((2 * total) / cpuTotal)}/s if the three had 2 cores to themselves (the consumer alone: ${Math.round(total / cpu.consumer)} per CPU-second)`,
    );
    console.log(
      `  ${batches} batches of ${Math.round(total / batches)} on average in ${consumed.buffer.flushes} flushes of ${Math.round(total / consumed.buffer.flushes)}; batch handlers (parse + waiting for their flush, ${PARALLEL} at once) took ${round(handlingMs / 1000)} s in all`,
    );
    console.log(
      `dashboard query ms (answers uncached: a fresh AudienceQueries per round; ${QUERY_ROUNDS} rounds, all places and one city, ${LIVE_FLUSH} live interactions applied before each round but the first):`,
    );
    for (const [name, ms] of Object.entries(timings))
      console.log(`  ${name.padEnd(16)} p50 ${round(percentile(ms, 50))}  p99 ${round(percentile(ms, 99))}`);
    console.log(`  whole page (7 queries in a row) p50 ${round(percentile(pageLoads, 50))}  p99 ${round(percentile(pageLoads, 99))}`);
    const mib = (bytes: number) => round(bytes / 1024 / 1024, 2);
    const kinds = Object.entries(memory.byKind).sort(([, a], [, b]) => b - a);
    console.log(
      `Redis: ${memory.keys} keys, ${round(memory.bytes / 1024 / 1024)} MiB (${round(memory.bytes / total)} B per interaction): ${kinds.map(([kind, bytes]) => `${kind} ${mib(bytes)}`).join(', ')} MiB`,
    );
    console.log(
      JSON.stringify({
        bench: 'audience',
        interactions: total,
        interactions_per_s: Math.round(interactionsPerSecond),
        interactions_per_cpu_s: Math.round(total / cpuTotal),
        consumer_interactions_per_cpu_s: Math.round(total / cpu.consumer),
        load_average: Number(os.loadavg()[0].toFixed(1)),
        query_p99_ms: round(percentile(all, 99)),
        page_p99_ms: round(percentile(pageLoads, 99)),
        redis_mib: round(memory.bytes / 1024 / 1024),
        redis_mib_by_kind: Object.fromEntries(kinds.map(([kind, bytes]) => [kind, mib(bytes)])),
        partitions: PARTITIONS,
        partitions_in_parallel: PARALLEL,
        flushes: consumed.buffer.flushes,
      }),
    );
  } finally {
    await consumers?.onModuleDestroy();
    await bus.close();
    await mock.stop();
    await store.clearAggregates().catch(() => undefined);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
    await store.close();
    await redis.quit();
  }
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
