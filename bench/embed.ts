/**
 * Embedding throughput, in one run, all on the same ~5,000 synopses (catalogue overviews plus synopses in
 * seven other languages), at batch 1 and batch 32:
 *   - tokenizer only: the pipeline's own tokenizer call (padding, truncation, tensors), main thread;
 *   - the plain transformers.js pipeline on the main thread with one ONNX thread;
 *   - TransformersEmbedder with one worker thread (the product's path: tokenizer, graph, pooling);
 * each set beside the tokenizer alone (target: the graph costs less than tokenizing, ≥ 0.8x), the three taking
 * turns slice by slice so they share the machine's load; then TransformersEmbedder with its worker pool, batch 32.
 *
 *   npm run bench:embed    # EMBEDDING_MODEL, EMBEDDING_THREADS, BENCH_SYNOPSES override the defaults
 *
 * Progress goes to stderr; the last stdout line is a JSON summary. Peak RSS covers the whole
 * process, workers included (they share it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { env, LogLevel, pipeline } from '@huggingface/transformers';
import { sanitizeText, TransformersEmbedder } from '@marquee/embedder';
import { measureEmbedderThroughput } from './support/embedder-throughput';
import { progressBar } from './support/progress';

const BATCH = 32;
const BATCH_SIZES = [1, BATCH];
const DATA = resolve(__dirname, '..', '..', 'shared', 'data');
const MULTILINGUAL = ['fr', 'de', 'it', 'es', 'da', 'pl', 'pt'];

const model = process.env.EMBEDDING_MODEL ?? 'models/marquee-multilingual';
const threads = Number(process.env.EMBEDDING_THREADS ?? availableParallelism());
const total = Number(process.env.BENCH_SYNOPSES ?? 5_000);

const readOverviews = (file: string, limit: number): string[] =>
  readFileSync(join(DATA, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(0, limit)
    .map((line) => (JSON.parse(line) as { overview: string }).overview);

/** 60 % English catalogue overviews, the rest spread over the other languages. */
const loadSynopses = (count: number): string[] => {
  const english = Math.round(count * 0.6);
  const perLanguage = Math.ceil((count - english) / MULTILINGUAL.length);
  const texts = [
    ...readOverviews('catalog/films_tmdb10k.jsonl', english),
    ...MULTILINGUAL.flatMap((lang) => readOverviews(`multilingual/monolingual_${lang}.jsonl`, perLanguage)),
  ];
  return texts.slice(0, count);
};

const loadPipeline = async () => {
  const directory = resolve(model);
  const local = existsSync(join(directory, 'config.json'));
  env.logLevel = LogLevel.ERROR;
  env.allowRemoteModels = false;
  if (local) env.localModelPath = `${dirname(directory)}/`;
  return pipeline('feature-extraction', local ? basename(directory) : model, {
    dtype: 'fp32',
    local_files_only: true,
    session_options: { intraOpNumThreads: 1, interOpNumThreads: 1 },
  });
};

/** Texts this long are timed path after path before the next slice: the three paths share every moment of load. */
const SLICE = 250;

type SinglePath = 'tokenizer' | 'pipeline' | 'embedder' | 'session';

/**
 * Texts/s of the tokenizer alone, the plain pipeline and TransformersEmbedder on one thread, at one batch size, on
 * the same texts. On a shared machine the load moves within seconds, so the paths are not timed one after the
 * other over all texts: each slice of SLICE texts goes through all three in turn (the order rotating), and each
 * path's time is summed over the slices. The ratios then compare the paths under the same load. `session` is
 * TransformersEmbedder with the graph run by onnxruntime (mirrorStaticGraph off), for the mirror's gain.
 */
interface SingleThread {
  graph: string;
  /** texts per second of wall time */
  wall: Record<SinglePath, number>;
  /** texts per second of the process's CPU time (all its threads: the embedder's worker too) */
  cpu: Record<SinglePath, number>;
}

const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

const singleThread = async (texts: string[], batch: number): Promise<SingleThread> => {
  const extractor = await loadPipeline();
  const embedder = await TransformersEmbedder.create({ model, threads: 1, batchSize: batch });
  const session = await TransformersEmbedder.create({ model, threads: 1, batchSize: batch, mirrorStaticGraph: false });
  try {
    const work: Record<SinglePath, (b: string[]) => unknown> = {
      // the pipeline's own tokenizer call: padding, truncation, tensors
      tokenizer: (b) => extractor.tokenizer(b, { padding: true, truncation: true }),
      // what any transformers.js user writes
      pipeline: (b) => extractor(b, { pooling: 'mean', normalize: true }),
      // the product's path: worker thread, tokenizer, graph, pooling, normalisation
      embedder: (b) => embedder.embed(b, 'passage'),
      session: (b) => session.embed(b, 'passage'),
    };
    const paths = Object.keys(work) as SinglePath[];
    const seconds: Record<SinglePath, number> = { tokenizer: 0, pipeline: 0, embedder: 0, session: 0 };
    const cpu: Record<SinglePath, number> = { tokenizer: 0, pipeline: 0, embedder: 0, session: 0 };
    for (const path of paths) await work[path](texts.slice(0, batch));
    const bar = progressBar(`1 thread, batch ${batch} (${embedder.graph})`, texts.length, 'synopses');
    for (let start = 0, round = 0; start < texts.length; start += SLICE, round++) {
      const slice = texts.slice(start, start + SLICE);
      for (let p = 0; p < paths.length; p++) {
        const path = paths[(p + round) % paths.length];
        const started = performance.now();
        const startedCpu = cpuSeconds();
        for (let i = 0; i < slice.length; i += batch) await work[path](slice.slice(i, i + batch));
        seconds[path] += (performance.now() - started) / 1000;
        cpu[path] += cpuSeconds() - startedCpu;
      }
      bar.increment(slice.length);
    }
    bar.stop();
    const rate = (spent: Record<SinglePath, number>) =>
      Object.fromEntries(paths.map((path) => [path, texts.length / spent[path]])) as Record<SinglePath, number>;
    return { graph: embedder.graph, wall: rate(seconds), cpu: rate(cpu) };
  } finally {
    await session.close();
    await embedder.close();
    await extractor.dispose();
  }
};

/** (b) The embedder: calls of 512 synopses in flight together, as an indexer catching up would issue them. */
const pooled = async (texts: string[]): Promise<{ perSecond: number; threads: number; modelId: string; dimension: number }> => {
  const embedder = await TransformersEmbedder.create({ model, threads, batchSize: BATCH });
  try {
    const perSecond = await measureEmbedderThroughput(embedder, texts, `TransformersEmbedder, ${embedder.threads} thr`, BATCH);
    return { perSecond, threads: embedder.threads, modelId: embedder.modelId, dimension: embedder.dimension };
  } finally {
    await embedder.close();
  }
};

const main = async () => {
  // Every path embeds the same prepared text, so none pays for cleaning another does not.
  const texts = loadSynopses(total).map((text) => sanitizeText(text));
  const single: ({ batch: number } & SingleThread)[] = [];
  for (const batch of BATCH_SIZES) single.push({ batch, ...(await singleThread(texts, batch)) });
  const pool = await pooled(texts);
  const raw32 = single.find((s) => s.batch === BATCH)!.wall.pipeline;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const round = (x: number, digits = 1) => Number(x.toFixed(digits));
  console.log(`model ${pool.modelId} (dimension ${pool.dimension}), ${texts.length} synopses, one thread each unless said`);
  console.log(`graph computed by ${single[0].graph}; the four single-thread paths take turns on every ${SLICE} texts`);
  const cell = (value: number, width: number) => String(round(value)).padStart(width);
  const ratio = (value: number, tokenizer: number) => `(${round(value / tokenizer, 2)}x)`.padStart(13);
  for (const clock of ['wall', 'cpu'] as const) {
    console.log(
      clock === 'wall'
        ? 'texts per second of wall time:'
        : "texts per second of the process's CPU time (all threads; what the load of other processes does not change):",
    );
    console.log(
      'batch  tokenizer only/s  raw pipeline/s  (x tokenizer)  TransformersEmbedder 1 thr/s  (x tokenizer)  same, graph in onnxruntime/s  (x tokenizer)',
    );
    for (const { batch, [clock]: r } of single) {
      console.log(
        `${String(batch).padStart(5)}  ${cell(r.tokenizer, 16)}  ${cell(r.pipeline, 14)}  ${ratio(r.pipeline, r.tokenizer)}  ${cell(r.embedder, 28)}  ${ratio(r.embedder, r.tokenizer)}  ${cell(r.session, 28)}  ${ratio(r.session, r.tokenizer)}`,
      );
    }
  }
  console.log(
    `TransformersEmbedder, ${pool.threads} worker threads, batch ${BATCH}: ${round(pool.perSecond)} synopses/s (${round(pool.perSecond / raw32, 2)}x the raw pipeline at batch ${BATCH})`,
  );
  const minRatio = (clock: 'wall' | 'cpu', path: SinglePath) =>
    round(Math.min(...single.map((s) => s[clock][path] / s[clock].tokenizer)), 2);
  const verdict = (x: number) => `${x}x (${x >= 0.8 ? 'met' : 'MISSED'})`;
  console.log(
    `target pipeline ≥ 0.8x tokenizer only at every batch size: TransformersEmbedder min ${verdict(minRatio('wall', 'embedder'))} by wall time, ${verdict(minRatio('cpu', 'embedder'))} by CPU time; raw pipeline min ${minRatio('wall', 'pipeline')}x`,
  );
  console.log(`peak RSS ${round(peakRssMb)} MB`);
  const byBatch = (clock: 'wall' | 'cpu', path: SinglePath) =>
    Object.fromEntries(single.map((s) => [`b${s.batch}`, round(s[clock][path])]));
  console.log(
    JSON.stringify({
      bench: 'embed',
      synopses_per_s: round(pool.perSecond),
      raw_single_thread_per_s: round(raw32),
      ratio_vs_raw: round(pool.perSecond / raw32, 2),
      tokenizer_only_per_s: byBatch('wall', 'tokenizer'),
      raw_pipeline_per_s: byBatch('wall', 'pipeline'),
      embedder_one_thread_per_s: byBatch('wall', 'embedder'),
      embedder_onnxruntime_graph_per_s: byBatch('wall', 'session'),
      embedder_vs_tokenizer_min: minRatio('wall', 'embedder'),
      raw_pipeline_vs_tokenizer_min: minRatio('wall', 'pipeline'),
      embedder_onnxruntime_graph_vs_tokenizer_min: minRatio('wall', 'session'),
      tokenizer_only_per_cpu_s: byBatch('cpu', 'tokenizer'),
      embedder_one_thread_per_cpu_s: byBatch('cpu', 'embedder'),
      embedder_onnxruntime_graph_per_cpu_s: byBatch('cpu', 'session'),
      embedder_vs_tokenizer_min_cpu: minRatio('cpu', 'embedder'),
      embedder_onnxruntime_graph_vs_tokenizer_min_cpu: minRatio('cpu', 'session'),
      peak_rss_mb: round(peakRssMb),
      threads: pool.threads,
      batch: BATCH,
      graph: single[0].graph,
    }),
  );
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
