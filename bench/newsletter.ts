/**
 * npm run bench:newsletter — one edition end to end for 100k synthetic subscribers (picks, three
 * renderings, ledger), over the demo-sized catalogue and over a 100k-film one:
 *   - demo: the bundled demo catalogue (its films and generated screenings), embedded with the bundled model;
 *   - 100k: the TMDB 10k films with their real vectors plus noisy copies (bench/support/synthetic.ts),
 *     screening at the demo venues over the next six weeks.
 * Each catalogue is run with planning and rendering in worker threads (the CLI's default: each worker
 * holds the films of the edition's window) and in the main thread, side by side; the ledger is the file ledger (fsync per batch), outputs go to a sink that
 * drops them, and one run per catalogue also writes every file (fsync'd) to show what the disk adds.
 * Subscribers are generated while read (streamed), so memory must stay flat: RSS is sampled.
 * BENCH_SUBSCRIBERS (default 100000), BENCH_FILMS (default 100000).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FilmCatalogue } from '@marquee/catalogue';
import { newsletterSettings, recommendingSettings, validateMarqueeConfig } from '@marquee/config';
import { demoFilmEvents } from '@marquee/demo-catalogue';
import { FilmSchema, type Film } from '@marquee/domain';
import { filmEmbeddingText, TransformersEmbedder } from '@marquee/embedder';
import {
  EditionRun,
  editionTools,
  EditionSpecSchema,
  FileEditionLedger,
  FileNewsletterSink,
  MemoryNewsletterSink,
  produceInThisThread,
  type EditionCounts,
  type NewsletterSink,
} from '@marquee/newsletter';
import { BruteForceVectorIndex } from '@marquee/vector-index';
import { EditionPool } from '../apps/newsletter/src/edition-pool';
import { SyntheticSubscriberSource } from '../apps/newsletter/src/synthetic-subscribers';
import { loadTmdbCatalogue, toFilm } from './support/catalog';
import { embedPassages } from './support/embedding';
import { progressBar } from './support/progress';
import { expandCatalogue, syntheticFilm } from './support/synthetic';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 100_000);
const FILMS = Number(process.env.BENCH_FILMS ?? 100_000);
const TARGET_PER_S = 2_000;
const RSS_SAMPLE_MS = 100;
const config = validateMarqueeConfig({ NEWSLETTER_PUBLIC_URL: 'https://marquee.example.org' });
const settings = newsletterSettings(config);

interface Row {
  catalogue: string;
  films: number;
  render: string;
  output: string;
  counts: EditionCounts;
  seconds: number;
  perSecond: number;
  /** CPU seconds of this process (every thread) during the run: what the run cost, whatever else the machine was doing. */
  cpuSeconds: number;
  peakRssMb: number;
  /** RSS when a quarter, half and all of the subscribers were read. */
  rssAtMb: number[];
}

const catalogueOf = (films: readonly Film[], vectors: readonly Float32Array[]): FilmCatalogue => {
  // An edition never searches the catalogue's graph (it scores its window's films by their packed
  // vectors), so the exact index stands in for HNSW here: building a 100k-film graph alone took over
  // ten minutes on the shared machine, and the graph changes nothing measured.
  const catalogue = new FilmCatalogue(new BruteForceVectorIndex({ dimension: vectors[0].length }));
  const bar = progressBar(`index ${films.length} films`, films.length, 'films');
  films.forEach((film, i) => {
    catalogue.upsert({ film, version: 1, contentHash: film.id }, vectors[i]);
    if (i % 1000 === 999) bar.increment(1000);
  });
  bar.stop();
  return catalogue;
};

const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

const runEdition = async (
  name: string,
  catalogue: FilmCatalogue,
  render: 'workers' | 'main thread',
  output: 'dropped' | 'files',
  now: Date,
): Promise<Row> => {
  const spec = EditionSpecSchema.parse({
    edition: `bench-${process.pid}-${name}-${render.replace(' ', '-')}-${output}`,
    from: isoDay(new Date(now.getTime() + 86_400_000)),
    to: isoDay(new Date(now.getTime() + 14 * 86_400_000)),
    limit: settings.limit,
  });
  const tools = await editionTools(catalogue, recommendingSettings(config), spec, settings, now);
  const directory = await mkdtemp(join(tmpdir(), 'bench-newsletter-'));
  const pool =
    render === 'workers'
      ? await EditionPool.start(availableParallelism(), catalogue, tools.planner, {
          spec,
          options: { planner: settings.planner, links: settings.links },
          recommending: recommendingSettings(config),
          now,
        })
      : undefined;
  const sink: NewsletterSink = output === 'files' ? new FileNewsletterSink(join(directory, 'out')) : new MemoryNewsletterSink(false);
  const count = output === 'files' ? Math.min(SUBSCRIBERS, 20_000) : SUBSCRIBERS;
  const source = new SyntheticSubscriberSource(
    [...catalogue.films()].map((e) => e.film),
    { count, seed: 11 },
  );
  const bar = progressBar(`${name}, ${render}, ${output}`, count, 'subscribers');
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), RSS_SAMPLE_MS);
  const rssAt: number[] = [];
  const marks = [0.25, 0.5, 1].map((f) => Math.floor(count * f));
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  try {
    const counts = await new EditionRun(
      {
        source,
        planner: tools.planner,
        produce: pool ? (tasks) => pool.produce(tasks) : produceInThisThread(tools.planner, tools.renderer),
        sinks: [sink],
        ledger: new FileEditionLedger(join(directory, 'ledger')),
      },
      {
        edition: spec.edition,
        batchSize: settings.batchSize,
        batchesInFlight: (pool?.size ?? 1) + 1,
        now: () => now,
        onProgress: (c) => {
          const handled = c.produced + c.alreadyDone + Object.values(c.skipped).reduce((a, b) => a + b, 0);
          bar.update(handled);
          while (marks.length && handled >= marks[0]) {
            marks.shift();
            rssAt.push(process.memoryUsage.rss());
          }
        },
      },
    ).run();
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    peak = Math.max(peak, process.memoryUsage.rss());
    return {
      catalogue: name,
      films: catalogue.size(),
      render,
      output,
      counts,
      seconds,
      perSecond: count / seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      peakRssMb: peak / 2 ** 20,
      rssAtMb: rssAt.map((r) => r / 2 ** 20),
    };
  } finally {
    clearInterval(sampler);
    bar.stop();
    await pool?.close();
    await rm(directory, { recursive: true, force: true });
  }
};

const main = async (): Promise<void> => {
  const now = new Date();
  const embedder = await TransformersEmbedder.create({
    model: join(__dirname, '..', 'models', 'marquee-multilingual'),
    allowRemoteModels: false,
  });
  const rows: Row[] = [];
  try {
    const demoFilms = demoFilmEvents(now).map((e) => FilmSchema.parse((e as { film: unknown }).film));
    const demoVectors = await embedPassages(embedder, demoFilms.map(filmEmbeddingText), `embed ${demoFilms.length} demo films`);
    const demo = catalogueOf(demoFilms, demoVectors);
    const sources = loadTmdbCatalogue();
    const realVectors = await embedPassages(
      embedder,
      sources.map((s) => filmEmbeddingText(toFilm(s, `tmdb-${s.tmdbId}`))),
      `embed ${sources.length} TMDB films`,
    );
    const synthetic = expandCatalogue(sources, realVectors, { count: FILMS, copyCosine: 0.9, seed: 42, now });
    const large = catalogueOf(
      synthetic.films.map((f) => syntheticFilm(f, sources)),
      synthetic.vectors,
    );
    for (const [name, catalogue] of [
      ['demo', demo],
      [`${Math.round(FILMS / 1000)}k`, large],
    ] as const) {
      rows.push(await runEdition(name, catalogue, 'workers', 'dropped', now));
      rows.push(await runEdition(name, catalogue, 'main thread', 'dropped', now));
      rows.push(await runEdition(name, catalogue, 'workers', 'files', now));
    }
  } finally {
    await embedder.close();
  }
  const f = (n: number, d = 0) => n.toFixed(d);
  console.log(
    `\nbench:newsletter — ${SUBSCRIBERS} synthetic subscribers per run (20k with files), ${availableParallelism()} cores, file ledger`,
  );
  console.log(
    `load average at the end: ${f(loadavg()[0], 1)} on ${availableParallelism()} cores (other engineers' work shares the machine)`,
  );
  console.log(
    'catalogue | films | plan + render | outputs | produced | skipped (nothing new / not subscribed) | s | subscribers/s | CPU s | subscribers/CPU-s | peak RSS MB | RSS at 25/50/100 % MB',
  );
  for (const r of rows) {
    console.log(
      [
        r.catalogue,
        r.films,
        r.render,
        r.output,
        r.counts.produced,
        `${r.counts.skipped['nothing-new']} / ${r.counts.skipped['not-subscribed']}`,
        f(r.seconds, 1),
        f(r.perSecond),
        f(r.cpuSeconds, 1),
        f(r.counts.read / r.cpuSeconds),
        f(r.peakRssMb),
        r.rssAtMb.map((m) => f(m)).join(' / '),
      ].join(' | '),
    );
  }
  const headline = rows.filter((r) => r.render === 'workers' && r.output === 'dropped');
  const slowest = headline.reduce((a, b) => (a.perSecond < b.perSecond ? a : b));
  const verdict = slowest.perSecond >= TARGET_PER_S ? 'met' : 'MISSED';
  console.log(
    `target ≥ ${TARGET_PER_S} subscribers/s on every catalogue: ${verdict} (slowest: ${slowest.catalogue}, ${f(slowest.perSecond)}/s)`,
  );
  console.log(
    JSON.stringify({
      bench: 'newsletter',
      subscribers: SUBSCRIBERS,
      subscribers_per_s: Math.round(slowest.perSecond),
      subscribers_per_cpu_s: Math.round(slowest.counts.read / slowest.cpuSeconds),
      peak_rss_mb: Math.round(Math.max(...rows.map((r) => r.peakRssMb))),
      by_catalogue: Object.fromEntries(headline.map((r) => [r.catalogue, Math.round(r.perSecond)])),
    }),
  );
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
