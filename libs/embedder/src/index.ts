export { TransformersEmbedder } from './transformers-embedder';
export type { EmbeddingGraph, TransformersEmbedderOptions } from './transformers-embedder';
export { filmEmbeddingText, MAX_EMBEDDED_SYNOPSES } from './film-embedding-text';
export { MAX_EMBEDDING_CHARS, PLACEHOLDER_TEXT, prepareSynopsisText, sanitizeText, TEXT_PREPARATION_VERSION } from './text-preparation';
export type { SynopsisInput } from './text-preparation';
export { defaultPrefixes } from './model-source';
export type { Prefixes } from './model-source';
export { WorkerPool, type JobLane, type WorkerPoolOptions } from './worker-pool';
export { queryWeightsOf, readQueryWeights, type QueryWeights } from './query-weighting';
