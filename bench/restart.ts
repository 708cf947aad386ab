/**
 * Restart of an API replica that holds 100,000 films: time until it is ready to serve when it
 * restores its snapshot, against rebuilding its state from the whole `film-index` log, in one run.
 *
 *   npm run bench:restart    # BENCH_FILMS (100000), BENCH_TAIL (1000), BENCH_PARTITIONS (128), BENCH_DIMENSION (384)
 *
 * Data: the films are the real TMDB catalogue (../shared/data/catalog) repeated with their own ids
 * and generated screenings at the demo venues. THE VECTORS ARE SYNTHETIC (seeded, clustered around
 * 500 random directions): embedding 100k synopses would take far longer than the bench, and neither
 * restoring nor rebuilding depends on where the vectors came from, only on their number and size.
 *
 * The log is a librdkafka mock cluster started here, with `film-index` on 128 partitions: the mock
 * keeps about 5 MiB per partition and silently drops older messages past that. 100k messages of
 * ~3.5 KB (film JSON ~1.3 KB, base64 384-d vector 2 KB) are ~350 MB, ~2.7 MB per partition. The
 * rebuilt replica must hold every film (checked), so nothing was dropped.
 *
 * Each phase uses a fresh replica wired as the API wires it (HnswVectorIndex, FilmCatalogue,
 * FilmIndexProjection, CatalogueSync on a KafkaEventBus), without the HTTP layer:
 *  1. rebuild: no snapshot, the whole log is read (its consumer group forms first: ~3 s on the mock);
 *  2. that replica writes its snapshot;
 *  3. restart from the snapshot with nothing published since (a rolling restart: snapshot on SIGTERM);
 *  4. restart from the snapshot after BENCH_TAIL more films were published (after a crash): the tail
 *     is read from the log, which waits for the replica's new consumer group to form (~3 s on the mock).
 * The event-loop delay (perf_hooks.monitorEventLoopDelay) of each phase is what an HTTP request
 * would wait at most meanwhile; each phase starts after a full garbage collection. On a shared
 * machine the delays include time the process was not scheduled at all. Progress on stderr; results
 * on stdout, the last line one JSON object.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { FilmCatalogue, FilmIndexProjection } from '@marquee/catalogue';
import { DEMO_VENUES } from '@marquee/demo-catalogue';
import { encodeVector, Topics, type IndexedFilm, type OutgoingMessage, type Screening } from '@marquee/domain';
import { KafkaEventBus } from '@marquee/kafka';
import { CatalogueSync } from '@marquee/replica';
import { HnswVectorIndex } from '@marquee/vector-index';
import { startKafkaMock } from '../test/support/kafka-mock';
import { silentLogger } from '../test/support/loggers';
import { loadTmdbCatalogue, toFilm, type TmdbFilm } from './support/catalog';
import { progressBar } from './support/progress';
import { seededRandom } from '@marquee/random';

const FILMS = Number(process.env.BENCH_FILMS ?? 100_000);
const TAIL = Number(process.env.BENCH_TAIL ?? 1_000);
const PARTITIONS = Number(process.env.BENCH_PARTITIONS ?? 128);
const DIMENSION = Number(process.env.BENCH_DIMENSION ?? 384);
const MODEL = { id: 'bench-synthetic-vectors', dimension: DIMENSION };
const CLUSTERS = 500;
const PUBLISH_BATCH = 1_000;
const DAY_MS = 86_400_000;

const random = seededRandom(20_260_320);
const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const normalised = (vector: Float32Array) => {
  const norm = Math.hypot(...vector);
  return vector.map((x) => x / norm);
};
const centres = Array.from({ length: CLUSTERS }, () => normalised(Float32Array.from({ length: DIMENSION }, gaussian)));
/** A film's cosine to its cluster's centre is about 0.8. */
const NOISE = Math.sqrt((1 / 0.8 ** 2 - 1) / DIMENSION);

const now = Date.now();
const screeningsFor = (id: string): Screening[] => {
  const venue = DEMO_VENUES[Math.floor(random() * DEMO_VENUES.length)];
  return Array.from({ length: 1 + Math.floor(random() * 3) }, (_, i) => {
    const start =
      Math.floor(now / DAY_MS) * DAY_MS + (1 + Math.floor(random() * 42)) * DAY_MS + (18 + Math.floor(random() * 7) / 2) * 3_600_000;
    return {
      id: `${id}-s${i}`,
      start: new Date(start).toISOString(),
      end: new Date(start + 2 * 3_600_000).toISOString(),
      timeZone: venue.timeZone,
      venue: { ...venue.venue },
      price: { amount: venue.price, currency: 'EUR' },
    };
  });
};

/** Film number n: a copy of catalogue film n mod size with an id and screenings of its own, and a synthetic vector. */
const indexedFilm = (sources: readonly TmdbFilm[], n: number): OutgoingMessage => {
  const source = sources[n % sources.length];
  const id = `tmdb-${source.tmdbId}-r${Math.floor(n / sources.length)}`;
  const centre = centres[(n % sources.length) % CLUSTERS];
  const indexed: IndexedFilm = {
    film: toFilm(source, id, screeningsFor(id)),
    version: 1,
    contentHash: `bench-${n}`,
    model: MODEL,
    vector: encodeVector(normalised(centre.map((x) => x + NOISE * gaussian()))),
    indexedAt: new Date(now).toISOString(),
  };
  return { key: id, value: JSON.stringify(indexed) };
};

const publishFilms = async (bus: KafkaEventBus, sources: readonly TmdbFilm[], from: number, count: number, label: string) => {
  const bar = progressBar(label, count, 'films');
  let bytes = 0;
  for (let start = from; start < from + count; start += PUBLISH_BATCH) {
    const messages = Array.from({ length: Math.min(PUBLISH_BATCH, from + count - start) }, (_, i) => indexedFilm(sources, start + i));
    bytes += messages.reduce((sum, m) => sum + Buffer.byteLength(m.value as string), 0);
    await bus.publish(Topics.filmIndex, messages);
    bar.increment(messages.length);
  }
  bar.stop();
  return bytes;
};

const logLines: string[] = [];
const replica = (bus: KafkaEventBus, snapshotDir?: string) => {
  const index = new HnswVectorIndex({ dimension: DIMENSION });
  const catalogue = new FilmCatalogue(index);
  const warnings: string[] = [];
  const projection = new FilmIndexProjection(catalogue, MODEL.id, { ...silentLogger, warn: (m) => warnings.push(m) });
  const logger = {
    ...silentLogger,
    log: (m: string) => logLines.push(m),
    warn: (m: string) => warnings.push(m),
    error: (m: string) => warnings.push(m),
  };
  const sync = new CatalogueSync({
    bus,
    topic: Topics.filmIndex,
    groupId: () => `bench-restart-${randomUUID()}`,
    catalogue,
    index,
    projection,
    model: MODEL,
    snapshots: snapshotDir ? { directory: snapshotDir, intervalMs: 24 * 3_600_000 } : undefined,
    logger,
  });
  return { index, catalogue, projection, sync, warnings };
};
type Replica = ReturnType<typeof replica>;

interface Phase {
  seconds: number;
  maxDelayMs: number;
  p99DelayMs: number;
}

/** Runs `work` while recording the event-loop delay; `progress` feeds a bar until `work` settles. */
const measured = async (label: string, total: number, progress: () => number, work: () => Promise<void>): Promise<Phase> => {
  const bar = progressBar(label, total, 'films');
  const delay = monitorEventLoopDelay({ resolution: 5 });
  const ticker = setInterval(() => bar.update(progress()), 200);
  delay.enable();
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(ticker);
    delay.disable();
    bar.update(progress());
    bar.stop();
  }
  const seconds = (performance.now() - started) / 1_000;
  return { seconds, maxDelayMs: delay.max / 1e6, p99DelayMs: delay.percentile(99) / 1e6 };
};

/** From `start` until the replica is ready: snapshot restored (if any) and the log read up to its end at start. */
const timeToReady = (label: string, r: Replica, films: number) =>
  measured(
    label,
    films,
    () => r.catalogue.size(),
    async () => {
      await r.sync.start();
      while (!r.sync.isReady()) await new Promise((done) => setTimeout(done, 5));
    },
  );

/** A related-films query answered from the replica, to show it serves (and what it serves is the same). */
const neighboursOf = (r: Replica, id: string) =>
  r.index.search(r.index.vectorOf(id) as Float32Array, 10, (other) => other !== id).map((n) => n.id);

const check = (condition: boolean, what: string) => {
  if (!condition) throw new Error(`check failed: ${what}`);
};

const fixed = (value: number, digits = 2) => Number(value.toFixed(digits));

/** Collects what the previous phase left, so each phase starts on a clean heap (`node --expose-gc`). */
const collectGarbage = () => (globalThis as { gc?: () => void }).gc?.();

/** 1. A replica with no snapshot reads the whole log; 2. it writes its snapshot. */
const rebuildAndSnapshot = async (bus: KafkaEventBus, snapshotDir: string) => {
  const rebuilt = replica(bus, snapshotDir);
  const rebuild = await timeToReady('1. rebuild from the log', rebuilt, FILMS);
  check(
    rebuilt.catalogue.size() === FILMS && rebuilt.warnings.length === 0,
    `the rebuilt replica holds all ${FILMS} films (${rebuilt.catalogue.size()}; ${rebuilt.warnings[0] ?? 'no warnings'})`,
  );
  const films = [...rebuilt.catalogue.films()];
  const probes = Array.from({ length: 20 }, (_, i) => films[i * Math.floor(FILMS / 20)].film.id);
  const neighbours = probes.map((id) => neighboursOf(rebuilt, id));
  let name = '';
  collectGarbage();
  const write = await measured(
    '2. write the snapshot',
    1,
    () => (name ? 1 : 0),
    async () => {
      name = (await rebuilt.sync.snapshot())?.name ?? '';
    },
  );
  await rebuilt.sync.stop();
  const files = readdirSync(join(snapshotDir, name)).map((file) => [file, statSync(join(snapshotDir, name, file)).size] as const);
  return { rebuild, write, files, probes, neighbours, epoch: rebuilt.projection.epoch };
};

/** 3. and 4. A replica that restores the snapshot and reads the log after it. */
const restart = async (
  bus: KafkaEventBus,
  snapshotDir: string,
  label: string,
  films: number,
  verify: (restored: Replica) => void = () => undefined,
) => {
  collectGarbage();
  const restored = replica(bus, snapshotDir);
  const phase = await timeToReady(label, restored, films);
  check(
    restored.sync.origin === 'snapshot' && restored.catalogue.size() === films,
    `the replica restored its snapshot and holds ${films} films (${restored.catalogue.size()})`,
  );
  verify(restored);
  await restored.sync.stop();
  return phase;
};

const main = async () => {
  const sources = loadTmdbCatalogue();
  const snapshotDir = mkdtempSync(join(tmpdir(), 'bench-restart-'));
  const mock = await startKafkaMock({ brokers: 1, topics: [{ name: Topics.filmIndex, partitions: PARTITIONS }] });
  const bus = new KafkaEventBus({
    brokers: mock.bootstrap,
    clientId: 'bench-restart',
    idempotent: false,
    sessionTimeout: 3_000,
    heartbeatInterval: 500,
    rebalanceTimeout: 3_000,
    maxWaitTimeInMs: 100,
    logger: { ...silentLogger, error: (m) => logLines.push(m) },
  });
  try {
    const logBytes = await publishFilms(bus, sources, 0, FILMS, 'publishing film-index');
    collectGarbage();
    const { rebuild, write, files, probes, neighbours, epoch } = await rebuildAndSnapshot(bus, snapshotDir);
    const snapshotBytes = files.reduce((sum, [, size]) => sum + size, 0);

    const load = await restart(bus, snapshotDir, '3. restart from the snapshot', FILMS, (restored) => {
      check(restored.projection.epoch === epoch, "the restarted replica is at the rebuilt one's log position");
      check(
        probes.every((id, i) => JSON.stringify(neighboursOf(restored, id)) === JSON.stringify(neighbours[i])),
        'it finds the same neighbours as the rebuilt one',
      );
    });

    await publishFilms(bus, sources, FILMS, TAIL, 'publishing the tail');
    const tail = await restart(bus, snapshotDir, `4. snapshot + ${TAIL} films of log`, FILMS + TAIL);

    const mb = (bytes: number) => fixed(bytes / 1_048_576, 1);
    const row = (label: string, phase: Phase) =>
      `${label.padEnd(44)} ${phase.seconds.toFixed(2).padStart(8)} s   event loop max ${phase.maxDelayMs.toFixed(1).padStart(6)} ms, p99 ${phase.p99DelayMs.toFixed(1).padStart(5)} ms`;
    console.log(`films: ${FILMS} (catalogue films with their own ids and screenings; SYNTHETIC ${DIMENSION}-d vectors)`);
    console.log(`log: film-index on ${PARTITIONS} partitions of a librdkafka mock cluster, ${mb(logBytes)} MB of values`);
    console.log(`snapshot: ${mb(snapshotBytes)} MB (${files.map(([file, size]) => `${file} ${mb(size)} MB`).join(', ')})`);
    console.log(row('1. ready after rebuilding from the log', rebuild));
    console.log(row('2. snapshot written (ingestion paused)', write));
    console.log(row('3. ready from the snapshot, no tail', load));
    console.log(row(`4. ready from the snapshot + ${TAIL}-film tail`, tail));
    console.log(
      `restoring vs rebuilding: ${(rebuild.seconds / load.seconds).toFixed(1)}x faster without a tail, ` +
        `${(rebuild.seconds / tail.seconds).toFixed(1)}x with it (~3 s of which is the mock's consumer group formation)`,
    );
    for (const line of logLines.filter((l) => /^restored|^snapshot snapshot-/.test(l)))
      console.log(`  ${line.replace(/; reading film-index after offsets .*/, '')}`);
    console.log(
      JSON.stringify({
        bench: 'restart',
        films: FILMS,
        synthetic_vectors: true,
        snapshot_ready_s: fixed(load.seconds),
        rebuild_ready_s: fixed(rebuild.seconds),
        speedup: fixed(rebuild.seconds / load.seconds, 1),
        snapshot_with_tail_ready_s: fixed(tail.seconds),
        tail_films: TAIL,
        snapshot_write_s: fixed(write.seconds),
        snapshot_mb: mb(snapshotBytes),
        event_loop_max_delay_ms: {
          rebuild: fixed(rebuild.maxDelayMs, 1),
          write: fixed(write.maxDelayMs, 1),
          load: fixed(load.maxDelayMs, 1),
          load_with_tail: fixed(tail.maxDelayMs, 1),
        },
      }),
    );
  } finally {
    await bus.close();
    await mock.stop();
    rmSync(snapshotDir, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
