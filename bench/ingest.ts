/**
 * Ingestion throughput, in one run and one process: N films (TMDB catalogue overviews plus
 * synopses in seven other languages, from ../shared/data) published to `film-events` on a Kafka
 * mock cluster → the indexer (IndexerAppModule: validate, embed with the bundled model, publish)
 * → `film-index` → an API replica's read model (FilmIndexProjection into FilmCatalogue + HNSW)
 * holding every film, ready to serve. Films/s end to end, from the first publish to the last film
 * servable, against the raw embedder (TransformersEmbedder.embed on the same texts, same threads,
 * same batch size), measured before and after the pipeline and averaged. Alongside, the CPU time
 * per film of both (every thread of this process and the Kafka mock, from /proc): whatever the
 * pipeline spends besides embedding is taken from the embedder when every core is busy embedding,
 * so their quotient bounds the ratio.
 *
 *   npm run bench:ingest    # BENCH_FILMS (5000), EMBEDDING_THREADS (cores), EMBEDDING_MODEL
 *
 * Progress goes to stderr; the last stdout line is a JSON summary.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Registry } from 'prom-client';
import { FilmCatalogue, FilmIndexProjection } from '@marquee/catalogue';
import { validateMarqueeConfig } from '@marquee/config';
import { DEMO_VENUES } from '@marquee/demo-catalogue';
import { EMBEDDER, filmIdOf, FilmEventSchema, Topics, type Embedder, type Film, type FilmEvent, type Screening } from '@marquee/domain';
import { filmEmbeddingText, TransformersEmbedder } from '@marquee/embedder';
import { IndexerAppModule } from '@marquee/indexer-app';
import { FilmEventsConsumer } from '@marquee/indexing';
import { KafkaEventBus } from '@marquee/kafka';
import { METRICS_REGISTRY } from '@marquee/metrics';
import { HnswVectorIndex } from '@marquee/vector-index';
import { startKafkaMock } from '../test/support/kafka-mock';
import { silentLogger } from '../test/support/loggers';
import { loadTmdbCatalogue, readJsonLines, SHARED_DATA, toFilm } from './support/catalog';
import { cpuSpent, sampleCpu, type CpuSpent } from './support/cpu-time';
import { measureEmbedderThroughput } from './support/embedder-throughput';
import { progressBar } from './support/progress';

const FILMS = Number(process.env.BENCH_FILMS ?? 5_000);
const THREADS = Number(process.env.EMBEDDING_THREADS ?? availableParallelism());
const MODEL = process.env.EMBEDDING_MODEL ?? 'models/marquee-multilingual';
/** TransformersEmbedder's default, which the indexer uses. */
const EMBED_BATCH = 32;
/**
 * Events per producer send: ~0.7 MB per partition's record batch, under Kafka's 1 MB default limit.
 * Smaller sends (500) give the indexer batches of ~80 events per partition, whose embedding calls
 * keep only part of the worker pool busy: ~15 % fewer films/s.
 */
const PUBLISH_CHUNK = 2_000;
const FETCH_MAX_WAIT_MS = 100;
const OTHER_LANGUAGES = ['fr', 'de', 'it', 'es', 'da', 'pl', 'pt'];
const HOUR = 3_600_000;

interface LocalFilm {
  tmdbId: number;
  lang: string;
  title: string;
  overview: string;
  releaseDate: string;
}

const screeningsOf = (index: number, now: number): Screening[] =>
  [0, 1].map((n) => {
    const place = DEMO_VENUES[(index + n * 5) % DEMO_VENUES.length];
    const start = new Date(now + (24 + ((index * 7 + n * 31) % 600)) * HOUR);
    return {
      id: `s${index}-${n}`,
      start: start.toISOString(),
      end: new Date(start.getTime() + 2 * HOUR).toISOString(),
      timeZone: place.timeZone,
      venue: place.venue,
    };
  });

/** 60 % English catalogue films, the rest films known by a synopsis in one of seven other languages. */
const loadFilms = (count: number): Film[] => {
  const now = Date.now();
  const english = Math.round(count * 0.6);
  const perLanguage = Math.ceil((count - english) / OTHER_LANGUAGES.length);
  const catalogue = loadTmdbCatalogue()
    .slice(0, english)
    .map((source, i) => toFilm(source, `tmdb-${source.tmdbId}`, screeningsOf(i, now)));
  const others = OTHER_LANGUAGES.flatMap((lang) =>
    readJsonLines<LocalFilm>(join(SHARED_DATA, 'multilingual', `monolingual_${lang}.jsonl`))
      .filter((film) => film.overview?.trim() && film.title?.trim())
      .slice(0, perLanguage)
      .map((film, i): Film => ({
        ...toFilm(
          {
            tmdbId: film.tmdbId,
            title: film.title,
            originalLanguage: lang,
            genres: [],
            keywords: [],
            overview: film.overview,
            releaseDate: film.releaseDate,
            popularity: 0,
            voteAverage: 0,
            voteCount: 0,
          },
          `${lang}-${film.tmdbId}`,
          screeningsOf(english + i, now),
        ),
        titles: { [lang]: film.title },
        synopses: { [lang]: film.overview },
      })),
  );
  return [...catalogue, ...others].slice(0, count);
};

const addedEvents = (films: Film[]): FilmEvent[] =>
  films.map((film, i) =>
    FilmEventSchema.parse({ type: 'film.added', eventId: `bench-${i}`, version: 1, occurredAt: new Date().toISOString(), film }),
  );

/** The embedder alone on the same texts: calls of 512 in flight together, as an indexer catching up issues them. */
const rawEmbedding = async (texts: string[], label: string): Promise<{ perSecond: number; cpu: CpuSpent }> => {
  const embedder = await TransformersEmbedder.create({ model: MODEL, threads: THREADS, batchSize: EMBED_BATCH });
  try {
    let before = sampleCpu();
    const perSecond = await measureEmbedderThroughput(embedder, texts, label, EMBED_BATCH, () => (before = sampleCpu()));
    return { perSecond, cpu: cpuSpent(before, sampleCpu()) };
  } finally {
    await embedder.close();
  }
};

/** Count and sum of a prom-client histogram. */
const histogram = async (registry: Registry, name: string) => {
  const values = ((await registry.getSingleMetric(name)?.get())?.values ?? []) as { metricName?: string; value: number }[];
  const read = (suffix: string) => values.find((v) => v.metricName === `${name}_${suffix}`)?.value ?? 0;
  return { count: read('count'), seconds: read('sum') };
};

/** The pipeline, with every consumer group formed before the clock starts (the mock takes ~3 s per group). */
const pipeline = async (events: FilmEvent[]) => {
  // The mock keeps ~5 MiB per partition: an indexed film with its vector is ~4 KB.
  const partitions = Math.max(6, Math.ceil(events.length / 1_000));
  const mock = await startKafkaMock({
    brokers: 1,
    topics: [
      { name: Topics.filmEvents, partitions },
      { name: Topics.filmIndex, partitions },
      { name: Topics.filmEventsDeadLetter, partitions: 1 },
    ],
  });
  Object.assign(process.env, {
    KAFKA_BROKERS: mock.bootstrap.join(','),
    KAFKA_IDEMPOTENT: 'false',
    KAFKA_SESSION_TIMEOUT_MS: '3000',
    KAFKA_HEARTBEAT_MS: '1000',
    // The mock holds a fetch for its whole max wait even when data arrives (a broker answers at once).
    KAFKA_FETCH_MAX_WAIT_MS: String(FETCH_MAX_WAIT_MS),
    INDEXER_GROUP_ID: 'bench-indexer',
    API_KEY: 'bench-api-key-0123456789',
    EMBEDDING_MODEL: MODEL,
    EMBEDDING_THREADS: String(THREADS),
    LOG_LEVEL: 'warn',
  });
  const silent = silentLogger;
  const bus = new KafkaEventBus({
    brokers: mock.bootstrap,
    clientId: 'bench',
    idempotent: false,
    sessionTimeout: 3_000,
    heartbeatInterval: 1_000,
    maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
    logger: silent,
  });
  let indexer: NestFastifyApplication | undefined;
  try {
    indexer = await NestFactory.create<NestFastifyApplication>(
      IndexerAppModule.register(validateMarqueeConfig(process.env)),
      new FastifyAdapter(),
      { logger: ['error', 'warn'] },
    );
    await indexer.init();
    const consumer = indexer.get(FilmEventsConsumer);
    const { modelId, dimension } = indexer.get<Embedder>(EMBEDDER);

    const catalogue = new FilmCatalogue(new HnswVectorIndex({ dimension }));
    const projection = new FilmIndexProjection(catalogue, modelId, { ...silentLogger, warn: (m) => console.error(m) });
    const bar = progressBar('Kafka → indexer → replica', events.length, 'films');
    let applySeconds = 0;
    let servable!: () => void;
    const allServable = new Promise<void>((resolve) => (servable = resolve));
    await bus.subscribe({
      topic: Topics.filmIndex,
      groupId: 'bench-replica',
      fromBeginning: true,
      handleBatch: async (batch) => {
        const applying = performance.now();
        await projection.handleBatch(batch);
        applySeconds += (performance.now() - applying) / 1000;
        bar.update(catalogue.size());
        if (catalogue.size() >= events.length) servable();
      },
    });

    const cpuBefore = sampleCpu([mock.pid]);
    const started = performance.now();
    for (let start = 0; start < events.length; start += PUBLISH_CHUNK) {
      const chunk = events.slice(start, start + PUBLISH_CHUNK).map((e) => ({ key: filmIdOf(e), value: JSON.stringify(e) }));
      await bus.publish(Topics.filmEvents, chunk);
    }
    const published = performance.now();
    await allServable;
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuSpent(cpuBefore, sampleCpu([mock.pid]));
    bar.stop();
    const registry = indexer.get<Registry>(METRICS_REGISTRY);
    return {
      filmsPerSecond: events.length / seconds,
      seconds,
      publishSeconds: (published - started) / 1000,
      partitions,
      counters: { ...consumer.indexer.counters },
      batches: await histogram(registry, 'marquee_indexer_batch_seconds'),
      embedding: await histogram(registry, 'marquee_embed_seconds'),
      applySeconds,
      cpu,
    };
  } finally {
    await indexer?.close();
    await bus.close();
    await mock.stop();
  }
};

const main = async () => {
  const films = loadFilms(FILMS);
  const events = addedEvents(films);
  const texts = films.map(filmEmbeddingText);

  const before = await rawEmbedding(texts, `raw embedder, ${THREADS} thr (before)`);
  const run = await pipeline(events);
  const after = await rawEmbedding(texts, `raw embedder, ${THREADS} thr (after)`);
  const [rawBefore, rawAfter] = [before.perSecond, after.perSecond];
  const raw = (rawBefore + rawAfter) / 2;
  /** CPU seconds per film: the embedder alone (every thread of its run) and the whole pipeline (this process and the Kafka mock). */
  const total = (cpu: CpuSpent) => cpu.mainThread + cpu.otherThreads + cpu.otherProcesses;
  const rawCpuPerText = (total(before.cpu) + total(after.cpu)) / 2 / texts.length;
  const pipelineCpuPerFilm = total(run.cpu) / films.length;

  const round = (x: number, digits = 1) => Number(x.toFixed(digits));
  const { counters } = run;
  console.log(
    `${films.length} films (${Math.round(films.length * 0.6)} English catalogue, the rest in ${OTHER_LANGUAGES.join(', ')}), ${THREADS} embedding threads, batch ${EMBED_BATCH}, ${run.partitions} partitions`,
  );
  console.log(
    `raw embedder (TransformersEmbedder.embed): ${round(rawBefore)} / ${round(rawAfter)} texts/s before / after, mean ${round(raw)}`,
  );
  console.log(
    `end to end (publish → indexer → film-index → replica servable): ${round(run.filmsPerSecond)} films/s, ${round(run.seconds, 2)} s (publishing took ${round(run.publishSeconds, 2)} s)`,
  );
  console.log(
    `indexer: consumed ${counters.consumed}, indexed ${counters.indexed}, dead-lettered ${counters.deadLettered}, retried ${counters.retried}`,
  );
  console.log(
    `where the time went: indexer ${run.batches.count} batches, ${round(run.batches.seconds, 2)} s summed over batches (several run at once), ` +
      `${run.embedding.count} embedding calls, ${round(run.embedding.seconds, 2)} s summed; replica applying film-index ${round(run.applySeconds, 2)} s ` +
      `(main thread, envelope check + HNSW insert)`,
  );
  const ms = (seconds: number) => round(seconds * 1000, 2);
  console.log(
    `CPU per film: raw embedder ${ms(rawCpuPerText)} ms; pipeline ${ms(pipelineCpuPerFilm)} ms = main thread ${ms(run.cpu.mainThread / films.length)} ` +
      `+ other threads (embedding workers, GC, I/O) ${ms(run.cpu.otherThreads / films.length)} + Kafka mock ${ms(run.cpu.otherProcesses / films.length)}; ` +
      `with all ${availableParallelism()} cores busy the ratio cannot exceed ${round(rawCpuPerText / pipelineCpuPerFilm, 2)}`,
  );
  console.log(`ratio to the raw embedder: ${round(run.filmsPerSecond / raw, 2)}`);
  console.log(
    JSON.stringify({
      bench: 'ingest',
      films: films.length,
      films_per_s: round(run.filmsPerSecond),
      raw_embed_per_s: round(raw),
      ratio_vs_raw_model: round(run.filmsPerSecond / raw, 2),
      threads: THREADS,
      embed_batch: EMBED_BATCH,
      seconds: round(run.seconds, 2),
      cpu_ms_per_film: ms(pipelineCpuPerFilm),
      raw_cpu_ms_per_text: ms(rawCpuPerText),
    }),
  );
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
