import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPrefixes, modelIdOf, modelNotFound, pipelineLocation, resolveModelSource } from './model-source';

describe('model source', () => {
  let root: string;
  let directory: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'marquee-model-'));
    directory = join(root, 'my-model');
    mkdirSync(join(directory, 'onnx'), { recursive: true });
    writeFileSync(join(directory, 'config.json'), '{"model_type":"bert"}');
    writeFileSync(join(directory, 'onnx', 'model.onnx'), 'weights');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('treats a directory with config.json as a local model loaded through localModelPath', () => {
    const source = resolveModelSource(directory);
    expect(source).toEqual({ kind: 'local', name: 'my-model', directory });
    expect(pipelineLocation(source)).toEqual({ model: 'my-model', localModelPath: `${root}/` });
  });

  it('takes anything else that looks like owner/name for a hub id', () => {
    expect(resolveModelSource('Xenova/multilingual-e5-small')).toEqual({ kind: 'hub', name: 'Xenova/multilingual-e5-small' });
    expect(() => resolveModelSource('../no/such/model')).toThrow(/has no config.json, and it is not a hub id/);
  });

  it('explains a model that could not be loaded', () => {
    const error = modelNotFound('models/missing', false, new Error('file not found'));
    expect(error.message).toMatch(
      /no model directory at .*models\/missing, nor in the local hub cache; remote models are disabled.*file not found/,
    );
    expect(modelNotFound('owner/name', true, 'offline').message).toMatch(/nor could it be loaded from the Hugging Face Hub\. offline/);
  });

  it('derives a stable id that changes with the model files and the preprocessing', () => {
    const source = resolveModelSource(directory);
    const id = modelIdOf(source, { prefixes: 'none' });
    expect(id).toMatch(/^my-model@[0-9a-f]{12}$/);
    expect(modelIdOf(source, { prefixes: 'none' })).toBe(id);
    expect(modelIdOf(source, { prefixes: 'e5' })).not.toBe(id);
    writeFileSync(join(directory, 'onnx', 'model.onnx'), 'retrained weights');
    expect(modelIdOf(source, { prefixes: 'none' })).not.toBe(id);
  });

  it('uses e5 prefixes only for e5 models', () => {
    expect(defaultPrefixes('Xenova/multilingual-e5-small')).toEqual({ query: 'query: ', passage: 'passage: ' });
    expect(defaultPrefixes('tiny-e5')).toEqual({ query: 'query: ', passage: 'passage: ' });
    expect(defaultPrefixes('marquee-multilingual')).toEqual({ query: '', passage: '' });
    expect(defaultPrefixes('gte5-base')).toEqual({ query: '', passage: '' });
  });
});
