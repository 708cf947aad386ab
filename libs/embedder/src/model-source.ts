import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Where the model comes from: a directory on disk, or a Hugging Face Hub id. */
export type ModelSource = { kind: 'local'; name: string; directory: string } | { kind: 'hub'; name: string };

const HUB_ID = /^[\w.-]+\/[\w.-]+$/;

/**
 * An existing directory with a config.json is a local model (relative paths resolve against the
 * working directory); anything else must look like a hub id. Whether a hub model may be downloaded
 * or must already be in the cache is up to the loader.
 */
export const resolveModelSource = (model: string): ModelSource => {
  const directory = resolve(model);
  if (existsSync(join(directory, 'config.json'))) return { kind: 'local', name: basename(directory), directory };
  if (!HUB_ID.test(model))
    throw new Error(`embedding model "${model}" not found: ${directory} has no config.json, and it is not a hub id like owner/name`);
  return { kind: 'hub', name: model };
};

/** Why a model failed to load, naming both places it was looked for. */
export const modelNotFound = (model: string, allowRemoteModels: boolean, cause: unknown): Error => {
  const remote = allowRemoteModels
    ? 'nor could it be loaded from the Hugging Face Hub'
    : 'nor in the local hub cache; remote models are disabled (allowRemoteModels / EMBEDDING_ALLOW_REMOTE=true downloads it)';
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new Error(`embedding model "${model}" not found: no model directory at ${resolve(model)}, ${remote}. ${reason}`, { cause });
};

/** How transformers.js is told to load the source: local directories through `env.localModelPath`. */
export const pipelineLocation = (source: ModelSource): { model: string; localModelPath?: string } =>
  source.kind === 'local' ? { model: basename(source.directory), localModelPath: `${dirname(source.directory)}/` } : { model: source.name };

export interface Prefixes {
  query: string;
  passage: string;
}

/** e5 models were trained with "query: " / "passage: " prefixes and lose quality without them. */
export const defaultPrefixes = (modelName: string): Prefixes =>
  /(^|[^a-z0-9])e5([^a-z0-9]|$)/i.test(modelName) ? { query: 'query: ', passage: 'passage: ' } : { query: '', passage: '' };

const fingerprintFiles = (directory: string): string[] => {
  const texts = ['config.json', 'tokenizer.json', 'tokenizer_config.json']
    .filter((file) => existsSync(join(directory, file)))
    .map((file) => `${file}:${readFileSync(join(directory, file), 'utf8')}`);
  const onnx = join(directory, 'onnx');
  const weights = existsSync(onnx)
    ? readdirSync(onnx)
        .sort()
        .map((file) => `${file}:${statSync(join(onnx, file)).size}`)
    : [];
  return [...texts, ...weights];
};

/**
 * Stable id recorded next to vectors: the model name plus a hash of what shapes its vectors
 * (local model files, or the hub id, and the preprocessing settings). Any change yields a new id,
 * so vectors from different models or preprocessing are never compared.
 */
export const modelIdOf = (source: ModelSource, preprocessing: Record<string, unknown>): string => {
  const hash = createHash('sha256');
  if (source.kind === 'local') for (const part of fingerprintFiles(source.directory)) hash.update(part).update('\0');
  hash.update(JSON.stringify(preprocessing));
  return `${source.name}@${hash.digest('hex').slice(0, 12)}`;
};
