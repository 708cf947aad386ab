import { join } from 'node:path';
import type { ChunkVectors } from './vectors';

/** A batch of texts, each cut into pieces (one piece for text that fits the model), with the kind's prefix. */
export interface EmbedPayload {
  prefix: string;
  items: string[][];
}

interface Tokenizer {
  model_max_length: number;
  encode(text: string, options?: { add_special_tokens?: boolean }): number[];
}
interface Rows {
  rows: { input_ids: number[]; attention_mask?: number[] }[];
  weights: number[];
  chunkCounts: number[];
}

// Plain CommonJS shared with the embedding worker thread, so both threads tokenize and pool alike.
/* eslint-disable @typescript-eslint/no-require-imports */
const { createChunkEncoder, tokenLimits } = require('./chunk-encoding') as {
  createChunkEncoder: (tokenizer: Tokenizer, limits: { maxTokens: number; specialTokens: number }) => (payload: EmbedPayload) => Rows;
  tokenLimits: (tokenizer: Tokenizer, requestedMaxTokens: number | null) => { maxTokens: number; specialTokens: number };
};
const { loadStaticGraph } = require('./static-graph') as {
  loadStaticGraph: (file: string) => { reason: string } | { dimension: number; embed: (rows: Rows['rows']) => Float32Array };
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** Embeds a payload synchronously on the calling thread: what a worker answers for it, without the hop. */
export type InlineEmbedding = (payload: EmbedPayload) => ChunkVectors;

/**
 * The local static model's tokenizer and its graph in JavaScript (static-graph.js) on the calling thread. For a
 * query or one film the hop to a worker thread and back costs about as much as the work (a static model is a
 * gather and a weighted mean), so small calls are served here. Call it only for a model whose workers computed
 * the graph in JavaScript: they have checked the mirror against the ONNX session; the embedder then checks this
 * copy against the workers. Undefined when the graph cannot be mirrored.
 */
export const loadInlineEmbedding = async (directory: string, requestedMaxTokens: number | null): Promise<InlineEmbedding | undefined> => {
  const graph = loadStaticGraph(join(directory, 'onnx', 'model.onnx'));
  if ('reason' in graph) return undefined;
  // A path, not a hub id: transformers.js reads the directory as is, so its global env is left alone.
  const { AutoTokenizer } = await import('@huggingface/transformers');
  const tokenizer = (await AutoTokenizer.from_pretrained(directory, { local_files_only: true })) as unknown as Tokenizer;
  const encodeChunks = createChunkEncoder(tokenizer, tokenLimits(tokenizer, requestedMaxTokens));
  return (payload) => {
    const { rows, weights, chunkCounts } = encodeChunks(payload);
    return { vectors: graph.embed(rows), dimension: graph.dimension, chunkCounts, weights };
  };
};
