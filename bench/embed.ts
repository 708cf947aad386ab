/**
 * Embedding throughput, in one run, all on the same ~5,000 synopses (catalogue overviews plus synopses in
 * seven other languages), at batch 1 and batch 32:
 *   - tokenizer only: the pipeline's own tokenizer call (padding, truncation, tensors), main thread;
 *   - the plain transformers.js pipeline on the main thread with one ONNX thread;
 *   - TransformersEmbedder with one worker thread (the product's path: tokenizer, graph, pooling; a call of up to
 *     `callingThreadMaxChars` characters, as every batch-1 call here, runs on the calling thread instead);
 * each set beside the tokenizer alone (target: the graph costs less than tokenizing, ≥ 0.8x at every batch size),
 * the paths taking turns slice by slice so they share the machine's load; then TransformersEmbedder with its
 * worker pool, batch 32. Each path runs on one thread at a time: the embedder's calling thread waits while its
 * worker embeds.
 *
 *   npm run bench:embed    # EMBEDDING_MODEL, EMBEDDING_THREADS, BENCH_SYNOPSES override the defaults
 *
 * Progress goes to stderr; the last stdout line is a JSON summary. Peak RSS covers the whole
 * process, workers included (they share it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
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

/** Texts this long are timed path after path before the next slice: the paths share every moment of load. */
const SLICE = 250;

/**
 * The order of the paths in slice `round` (a Williams design, for an even number of paths): over every `n` slices each
 * path runs once in each position and once right after each other path. A plain rotation keeps the cycle, so one path
 * would always run right after the raw pipeline and pay for the garbage it leaves.
 */
const orderOf = (n: number, round: number): number[] => {
  const first = [0];
  for (let k = 1; first.length < n; k++) {
    first.push(k);
    if (first.length < n) first.push(n - k);
  }
  return first.map((path) => (path + round) % n);
};

type SinglePath = 'tokenizer' | 'pipeline' | 'embedder' | 'session';
type Clock = 'wall' | 'cpu';
/** texts per second of wall time, and of the process's CPU time (all its threads: the embedder's worker too) */
type Rates = Record<Clock, Partial<Record<SinglePath, number>>>;

/**
 * Texts/s of the tokenizer alone, the plain pipeline and TransformersEmbedder on one thread, at one batch size, on
 * the same texts. On a shared machine the load moves within seconds, so the paths are not timed one after the
 * other over all texts: each slice of SLICE texts goes through the paths in turn (in the order `orderOf` gives),
 * and each path's time is summed over the slices. The ratios then compare the paths under the same load.
 * Two such runs: `pair`, the tokenizer and the embedder alone (the target's comparison); `all`, every path, the raw
 * pipeline and `session` (TransformersEmbedder with the graph run by onnxruntime, mirrorStaticGraph off) included.
 * Next to the raw pipeline every path runs in the caches and heap it leaves (some 25 MB of hidden states per batch-32
 * call), which costs the embedder, with the larger working set (tokenizer and 57 MB of tables), the most.
 */
interface SingleThread {
  graph: string;
  pair: Rates;
  all: Rates;
  /** share of the texts the embedder embedded on the calling thread (calls of up to callingThreadMaxChars) */
  callingThreadShare: number;
}

const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

const takeTurns = async (
  texts: string[],
  batch: number,
  work: Record<SinglePath, (b: string[]) => unknown>,
  paths: SinglePath[],
  label: string,
): Promise<Rates> => {
  const seconds: Partial<Record<SinglePath, number>> = {};
  const cpu: Partial<Record<SinglePath, number>> = {};
  // Every path warms up (JIT, caches) on the same first slice, untimed.
  for (const path of paths) for (let i = 0; i < SLICE; i += batch) await work[path](texts.slice(i, i + batch));
  const bar = progressBar(label, texts.length, 'synopses');
  for (let start = 0, round = 0; start < texts.length; start += SLICE, round++) {
    const slice = texts.slice(start, start + SLICE);
    for (const p of orderOf(paths.length, round)) {
      const path = paths[p];
      const started = performance.now();
      const startedCpu = cpuSeconds();
      for (let i = 0; i < slice.length; i += batch) await work[path](slice.slice(i, i + batch));
      seconds[path] = (seconds[path] ?? 0) + (performance.now() - started) / 1000;
      cpu[path] = (cpu[path] ?? 0) + cpuSeconds() - startedCpu;
    }
    bar.increment(slice.length);
  }
  bar.stop();
  const rate = (spent: Partial<Record<SinglePath, number>>) => Object.fromEntries(paths.map((path) => [path, texts.length / spent[path]!]));
  return { wall: rate(seconds), cpu: rate(cpu) };
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
      // the product's path: tokenizer, graph, pooling, normalisation, in the worker or on the calling thread
      embedder: (b) => embedder.embed(b, 'passage'),
      session: (b) => session.embed(b, 'passage'),
    };
    const label = `1 thread, batch ${batch} (${embedder.graph})`;
    const pair = await takeTurns(texts, batch, work, ['tokenizer', 'embedder'], `${label}, pair`);
    const all = await takeTurns(texts, batch, work, ['tokenizer', 'pipeline', 'embedder', 'session'], `${label}, all`);
    let inline = 0;
    for (let i = 0; i < texts.length; i += batch) {
      const call = texts.slice(i, i + batch);
      if (call.reduce((sum, text) => sum + text.length, 0) <= embedder.callingThreadMaxChars) inline += call.length;
    }
    return { graph: embedder.graph, pair, all, callingThreadShare: inline / texts.length };
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
  // The machine is shared: its load beside the figures says how far wall time can be trusted.
  const loadAtStart = loadavg()[0];
  const single: ({ batch: number } & SingleThread)[] = [];
  for (const batch of BATCH_SIZES) single.push({ batch, ...(await singleThread(texts, batch)) });
  const pool = await pooled(texts);
  const round = (x: number, digits = 1) => Number(x.toFixed(digits));
  const rate = (s: SingleThread, clock: Clock, path: SinglePath) =>
    (path === 'embedder' || path === 'tokenizer' ? s.pair : s.all)[clock][path]!;
  /** A path's rate over the tokenizer's in the same run (`pair` for the embedder, `all` for the others). */
  const versus = (s: SingleThread, clock: Clock, path: SinglePath) => {
    const run = path === 'embedder' ? s.pair : s.all;
    return run[clock][path]! / run[clock].tokenizer!;
  };
  const besideRaw = (s: SingleThread, clock: Clock) => s.all[clock].embedder! / s.all[clock].tokenizer!;
  const raw32 = rate(
    single.find((s) => s.batch === BATCH)!,
    'wall',
    'pipeline',
  );
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(`model ${pool.modelId} (dimension ${pool.dimension}), ${texts.length} synopses, one thread each unless said`);
  console.log(
    `graph computed by ${single[0].graph}; the paths take turns on every ${SLICE} texts, the tokenizer and the embedder alone, then all four`,
  );
  console.log(
    `TransformersEmbedder embedded on the calling thread: ${single.map((s) => `${Math.round(100 * s.callingThreadShare)}% of the texts at batch ${s.batch}`).join(', ')}; the rest in its worker`,
  );
  const cell = (value: number, width: number) => String(round(value)).padStart(width);
  const ratio = (value: number) => `(${round(value, 2)}x)`.padStart(13);
  for (const clock of ['wall', 'cpu'] as const) {
    console.log(
      clock === 'wall'
        ? 'texts per second of wall time:'
        : "texts per second of the process's CPU time (all threads; what the load of other processes does not change):",
    );
    console.log(
      'batch  tokenizer only/s  raw pipeline/s  (x tokenizer)  TransformersEmbedder 1 thr/s  (x tokenizer)  (x, beside all)  same, graph in onnxruntime/s  (x tokenizer)',
    );
    for (const s of single) {
      console.log(
        `${String(s.batch).padStart(5)}  ${cell(rate(s, clock, 'tokenizer'), 16)}  ${cell(rate(s, clock, 'pipeline'), 14)}  ${ratio(versus(s, clock, 'pipeline'))}  ${cell(rate(s, clock, 'embedder'), 28)}  ${ratio(versus(s, clock, 'embedder'))}  ${ratio(besideRaw(s, clock)).padStart(15)}  ${cell(rate(s, clock, 'session'), 28)}  ${ratio(versus(s, clock, 'session'))}`,
      );
    }
  }
  console.log(
    `TransformersEmbedder, ${pool.threads} worker threads, batch ${BATCH}: ${round(pool.perSecond)} synopses/s (${round(pool.perSecond / raw32, 2)}x the raw pipeline at batch ${BATCH})`,
  );
  const minRatio = (clock: Clock, path: SinglePath) => round(Math.min(...single.map((s) => versus(s, clock, path))), 2);
  const verdict = (x: number) => `${x}x (${x >= 0.8 ? 'met' : 'MISSED'})`;
  console.log(
    `target pipeline ≥ 0.8x tokenizer only at every batch size: TransformersEmbedder min ${verdict(minRatio('wall', 'embedder'))} by wall time, ${verdict(minRatio('cpu', 'embedder'))} by CPU time; raw pipeline min ${minRatio('wall', 'pipeline')}x`,
  );
  const loadAtEnd = loadavg()[0];
  console.log(
    `peak RSS ${round(peakRssMb)} MB; 1-minute load average ${round(loadAtStart, 2)} at start, ${round(loadAtEnd, 2)} at the end`,
  );
  const byBatch = (clock: Clock, path: SinglePath) => Object.fromEntries(single.map((s) => [`b${s.batch}`, round(rate(s, clock, path))]));
  const ratioByBatch = (clock: Clock, path: SinglePath) =>
    Object.fromEntries(single.map((s) => [`b${s.batch}`, round(versus(s, clock, path), 2)]));
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
      embedder_vs_tokenizer: ratioByBatch('wall', 'embedder'),
      embedder_vs_tokenizer_cpu: ratioByBatch('cpu', 'embedder'),
      embedder_beside_all_vs_tokenizer: Object.fromEntries(single.map((s) => [`b${s.batch}`, round(besideRaw(s, 'wall'), 2)])),
      embedder_beside_all_vs_tokenizer_cpu: Object.fromEntries(single.map((s) => [`b${s.batch}`, round(besideRaw(s, 'cpu'), 2)])),
      embedder_onnxruntime_graph_vs_tokenizer: ratioByBatch('wall', 'session'),
      raw_pipeline_vs_tokenizer: ratioByBatch('wall', 'pipeline'),
      embedder_calling_thread_share: Object.fromEntries(single.map((s) => [`b${s.batch}`, round(s.callingThreadShare, 2)])),
      peak_rss_mb: round(peakRssMb),
      load_avg_1m: { start: round(loadAtStart, 2), end: round(loadAtEnd, 2) },
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
