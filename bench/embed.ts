/**
 * Embedding throughput, in one run: (a) the plain transformers.js pipeline on the main thread with
 * one ONNX thread, batch 32; (b) TransformersEmbedder with its worker pool, batch 32. Both embed
 * the same ~5,000 synopses (catalogue overviews plus synopses in seven other languages).
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

/** (a) What any transformers.js user writes, on the main thread, single ONNX thread. */
const rawSingleThread = async (texts: string[]): Promise<number> => {
  const directory = resolve(model);
  const local = existsSync(join(directory, 'config.json'));
  env.logLevel = LogLevel.ERROR;
  env.allowRemoteModels = false;
  if (local) env.localModelPath = `${dirname(directory)}/`;
  const extractor = await pipeline('feature-extraction', local ? basename(directory) : model, {
    dtype: 'fp32',
    local_files_only: true,
    session_options: { intraOpNumThreads: 1, interOpNumThreads: 1 },
  });
  await extractor(texts.slice(0, BATCH), { pooling: 'mean', normalize: true });
  const bar = progressBar('raw pipeline, 1 thread', texts.length, 'synopses');
  const started = performance.now();
  for (let start = 0; start < texts.length; start += BATCH) {
    await extractor(texts.slice(start, start + BATCH), { pooling: 'mean', normalize: true });
    bar.increment(Math.min(BATCH, texts.length - start));
  }
  const seconds = (performance.now() - started) / 1000;
  bar.stop();
  await extractor.dispose();
  return texts.length / seconds;
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
  // Both paths embed the same prepared text, so neither pays for cleaning the other does not.
  const texts = loadSynopses(total).map((text) => sanitizeText(text));
  const raw = await rawSingleThread(texts);
  const pool = await pooled(texts);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const round = (x: number, digits = 1) => Number(x.toFixed(digits));
  console.log(`model ${pool.modelId} (dimension ${pool.dimension}), ${texts.length} synopses, batch ${BATCH}`);
  console.log(`raw transformers.js pipeline, main thread, 1 thread: ${round(raw)} synopses/s`);
  console.log(
    `TransformersEmbedder, ${pool.threads} worker threads:      ${round(pool.perSecond)} synopses/s (${round(pool.perSecond / raw, 2)}x)`,
  );
  console.log(`peak RSS ${round(peakRssMb)} MB`);
  console.log(
    JSON.stringify({
      bench: 'embed',
      synopses_per_s: round(pool.perSecond),
      raw_single_thread_per_s: round(raw),
      ratio_vs_raw: round(pool.perSecond / raw, 2),
      peak_rss_mb: round(peakRssMb),
      threads: pool.threads,
      batch: BATCH,
    }),
  );
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
