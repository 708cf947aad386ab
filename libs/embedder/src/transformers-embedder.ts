import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { DataType } from '@huggingface/transformers';
import type { Embedder, EmbeddingKind, SearchPurpose } from '@marquee/domain';
import { type EmbedPayload, type InlineEmbedding, loadInlineEmbedding } from './inline-embedding';
import { defaultPrefixes, modelIdOf, modelNotFound, pipelineLocation, type Prefixes, resolveModelSource } from './model-source';
import { type QueryWeights, readQueryWeights } from './query-weighting';
import { splitIntoPieces } from './text-chunking';
import { MAX_EMBEDDING_CHARS, PLACEHOLDER_TEXT, sanitizeText, TEXT_PREPARATION_VERSION } from './text-preparation';
import { type ChunkVectors, combineChunkVectors } from './vectors';
import { WorkerPool } from './worker-pool';

export interface TransformersEmbedderOptions {
  /** A local model directory (e.g. models/marquee-multilingual) or a hub id (e.g. Xenova/multilingual-e5-small). */
  model: string;
  /** Download from the Hugging Face Hub; off by default so nothing is fetched unless asked for. */
  allowRemoteModels?: boolean;
  /** Worker threads; defaults to the number of cores. */
  threads?: number;
  /** Texts per worker task and per model call. */
  batchSize?: number;
  /** Chunk length in tokens for long texts; defaults to (and is capped by) the tokenizer's model_max_length. */
  maxTokens?: number;
  /** Text prepended per kind; defaults to e5's "query: " / "passage: " for e5 models, nothing otherwise. */
  prefixes?: Prefixes;
  /** ONNX weights variant (fp32 = onnx/model.onnx). */
  dtype?: DataType;
  /** Where downloaded hub models are cached. */
  cacheDir?: string;
  /** Longer input is truncated to this many characters. */
  maxChars?: number;
  /** Called when a worker dies and is replaced, for logging. */
  onWorkerExit?: (message: string) => void;
  /**
   * Compute a Marquee static model's graph in JavaScript from its ONNX tables (static-graph.js) once it matches
   * the ONNX session on probe texts; on by default. Off, every batch runs through onnxruntime.
   */
  mirrorStaticGraph?: boolean;
  /**
   * Calls of at most this many characters in all are embedded on the calling thread when the graph is computed in
   * JavaScript (a query, a film: about a millisecond of work at most, less than the hop to a worker and back);
   * larger calls, and every call of a model run by onnxruntime, go to the worker threads. 0 sends all to the workers.
   */
  inlineMaxChars?: number;
}

interface WorkerInfo {
  /** Effective token limit per chunk, null when the tokenizer has none. */
  maxTokens: number | null;
  specialTokens: number;
  /** What computes the graph: the JavaScript mirror of a static model, or the onnxruntime session. */
  graph: EmbeddingGraph;
  /** Why the mirror is not used, when it is not. */
  graphNote?: string;
}

export type EmbeddingGraph = 'javascript' | 'onnxruntime';

const WORKER_SCRIPT = join(__dirname, 'embedding.worker.js');

/** About a millisecond of tokenizing on the calling thread (some 0.3 µs per character). */
const DEFAULT_INLINE_MAX_CHARS = 4_096;

const MIXED_PROBE = 'Een danseres verlaat haar dorp. Un pêcheur et sa famille affrontent une tempête. 🎬 [UNK] ##s x.';
/** Texts the calling thread must embed as the workers do before it embeds any itself; the last one in chunks. */
const INLINE_PROBES = [PLACEHOLDER_TEXT, MIXED_PROBE, `${MIXED_PROBE} `.repeat(60).trim()];

/**
 * The `Embedder` backed by any transformers.js feature-extraction model (mean pooling, L2
 * normalisation), run in a pool of worker threads so embedding never blocks the event loop.
 * Long texts are embedded in token-limited chunks whose vectors are averaged; a text the model
 * cannot embed (a NaN or zero vector) gets the placeholder's vector instead. Small calls to a model whose graph
 * runs in JavaScript are embedded on the calling thread instead (`inlineMaxChars`), with the same code.
 */
export class TransformersEmbedder implements Embedder {
  private constructor(
    private readonly pool: WorkerPool<EmbedPayload, ChunkVectors, WorkerInfo>,
    readonly modelId: string,
    private readonly prefixes: Prefixes,
    private readonly batchSize: number,
    private readonly maxChars: number,
    /** Characters above which a text is cut into pieces for chunking; Infinity when the model has no limit. */
    private readonly pieceChars: number,
    private readonly fallbacks: Record<EmbeddingKind, Float32Array>,
    private readonly weights: QueryWeights,
    private readonly inline: InlineEmbedding | undefined,
    private readonly inlineMaxChars: number,
  ) {}

  static async create(options: TransformersEmbedderOptions): Promise<TransformersEmbedder> {
    const {
      allowRemoteModels = false,
      threads = availableParallelism(),
      batchSize = 32,
      dtype = 'fp32',
      maxChars = MAX_EMBEDDING_CHARS,
      inlineMaxChars = DEFAULT_INLINE_MAX_CHARS,
    } = options;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
    if (!(inlineMaxChars >= 0)) throw new Error(`inlineMaxChars must be 0 or more, got ${inlineMaxChars}`);
    if (options.maxTokens !== undefined && !(Number.isInteger(options.maxTokens) && options.maxTokens >= 8)) {
      throw new Error(`maxTokens must be an integer of at least 8, got ${options.maxTokens}`);
    }
    if (!existsSync(WORKER_SCRIPT))
      throw new Error(`embedding worker script missing at ${WORKER_SCRIPT}; copy it next to the compiled embedder`);
    const source = resolveModelSource(options.model);
    const pool = await WorkerPool.start<EmbedPayload, ChunkVectors, WorkerInfo>({
      script: WORKER_SCRIPT,
      size: threads,
      workerData: {
        ...pipelineLocation(source),
        allowRemoteModels,
        cacheDir: options.cacheDir,
        dtype,
        batchSize,
        maxTokens: options.maxTokens ?? null,
        mirrorStaticGraph: options.mirrorStaticGraph ?? true,
      },
      onWorkerExit: options.onWorkerExit,
    }).catch((error: unknown) => {
      throw source.kind === 'hub' ? modelNotFound(options.model, allowRemoteModels, error) : error;
    });
    try {
      const prefixes = options.prefixes ?? defaultPrefixes(source.name);
      const { maxTokens } = pool.info;
      const modelId = modelIdOf(source, { dtype, prefixes, maxTokens, maxChars, preparation: TEXT_PREPARATION_VERSION });
      const pieceChars = maxTokens === null ? Infinity : Math.max(1, maxTokens - pool.info.specialTokens);
      const probe = async (kind: EmbeddingKind) => {
        const [vector] = combineChunkVectors((await pool.run([{ prefix: prefixes[kind], items: [[PLACEHOLDER_TEXT]] }]))[0]);
        if (!vector) throw new Error(`embedding model ${modelId} returns no usable vector for "${PLACEHOLDER_TEXT}"`);
        return vector;
      };
      const fallbacks = { passage: await probe('passage'), query: await probe('query') };
      const weights = readQueryWeights(source.kind === 'local' ? source.directory : undefined, fallbacks.passage.length);
      const inline =
        inlineMaxChars > 0 && source.kind === 'local' && pool.info.graph === 'javascript'
          ? await checkedInline(pool, source.directory, options.maxTokens ?? null, prefixes, pieceChars)
          : undefined;
      return new TransformersEmbedder(pool, modelId, prefixes, batchSize, maxChars, pieceChars, fallbacks, weights, inline, inlineMaxChars);
    } catch (error) {
      await pool.close();
      throw error;
    }
  }

  get dimension(): number {
    return this.fallbacks.passage.length;
  }

  /** What computes the model's graph in the workers (the first worker's answer; every worker loads the same model). */
  get graph(): EmbeddingGraph {
    return this.pool.info.graph;
  }

  /** The query weighting the model's config.json declares for `purpose` (see query-weighting.ts). */
  queryWeights(purpose: SearchPurpose): Float32Array | undefined {
    return this.weights[purpose];
  }

  /** Worker threads currently running (fewer while a crashed one is being replaced). */
  get threads(): number {
    return this.pool.size;
  }

  /** Characters in all up to which a call is embedded on the calling thread; 0 when every call goes to the workers. */
  get callingThreadMaxChars(): number {
    return this.inline ? this.inlineMaxChars : 0;
  }

  async embed(texts: string[], kind: EmbeddingKind): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const prepared = texts.map((text) => sanitizeText(text, this.maxChars) || PLACEHOLDER_TEXT);
    const prefix = this.prefixes[kind];
    const pieceChars = Math.max(1, this.pieceChars - prefix.length);
    if (this.inline && prepared.reduce((sum, text) => sum + text.length, 0) <= this.inlineMaxChars) {
      const result = this.inline({ prefix, items: prepared.map((text) => splitIntoPieces(text, pieceChars)) });
      return combineChunkVectors(result).map((vector) => vector ?? this.fallbacks[kind].slice());
    }
    // Similar lengths in a batch waste less padding; results are put back in input order below.
    const order = prepared.map((_, i) => i).sort((a, b) => prepared[a].length - prepared[b].length);
    const batches: number[][] = [];
    for (let start = 0; start < order.length; start += this.batchSize) batches.push(order.slice(start, start + this.batchSize));
    // Passages are indexing work: first come, first served, behind any query waiting for its vector.
    const results = await this.pool.run(
      batches.map((batch) => ({ prefix, items: batch.map((i) => splitIntoPieces(prepared[i], pieceChars)) })),
      kind === 'passage' ? 'bulk' : 'interactive',
    );
    const vectors = new Array<Float32Array>(texts.length);
    batches.forEach((batch, b) => {
      combineChunkVectors(results[b]).forEach((vector, j) => {
        vectors[batch[j]] = vector ?? this.fallbacks[kind].slice();
      });
    });
    return vectors;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/**
 * The calling thread's copy of the tokenizer and graph, once it gives the workers' chunk vectors bit for bit for the
 * probe texts with each prefix; undefined when it cannot be loaded or differs.
 */
const checkedInline = async (
  pool: WorkerPool<EmbedPayload, ChunkVectors, WorkerInfo>,
  directory: string,
  maxTokens: number | null,
  prefixes: Prefixes,
  pieceChars: number,
): Promise<InlineEmbedding | undefined> => {
  const inline = await loadInlineEmbedding(directory, maxTokens);
  if (!inline) return undefined;
  const payloads = [...new Set([prefixes.passage, prefixes.query])].map((prefix) => ({
    prefix,
    items: INLINE_PROBES.map((text) => splitIntoPieces(text, Math.max(1, pieceChars - prefix.length))),
  }));
  const expected = await pool.run(payloads);
  const same = (a: ChunkVectors, b: ChunkVectors) =>
    a.dimension === b.dimension &&
    a.vectors.length === b.vectors.length &&
    a.vectors.every((x, i) => x === b.vectors[i]) &&
    a.weights.join() === b.weights.join() &&
    a.chunkCounts.join() === b.chunkCounts.join();
  return payloads.every((payload, i) => same(inline(payload), expected[i])) ? inline : undefined;
};
