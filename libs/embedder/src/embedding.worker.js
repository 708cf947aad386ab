'use strict';
/**
 * Embedding worker thread: loads one transformers.js feature-extraction pipeline and embeds the
 * batches the pool sends it. Plain CommonJS so it runs unchanged under ts-node, ts-jest and
 * compiled builds (worker threads do not inherit those TypeScript hooks).
 *
 * Protocol (see worker-pool.ts): posts `{ type: 'ready', info }` once loaded, then answers each
 * `{ id, payload: { prefix, items } }` with `{ id, ok, result | error }`. Each item is a text cut
 * into pieces by the main thread; pieces are packed into chunks that fit the token budget
 * (chunk-encoding.js, shared with the embedder's calling thread), every chunk is mean-pooled, and the
 * result carries one vector per chunk plus its token weight.
 */
const { existsSync } = require('node:fs');
const { endianness } = require('node:os');
const { join } = require('node:path');
const { parentPort, workerData } = require('node:worker_threads');
const { createChunkEncoder, tokenLimits } = require('./chunk-encoding');
const { loadStaticGraph } = require('./static-graph');

const LITTLE_ENDIAN = endianness() === 'LE';

const load = async ({ model, localModelPath, allowRemoteModels, cacheDir, dtype }) => {
  const { pipeline, env, LogLevel } = require('@huggingface/transformers');
  env.logLevel = LogLevel.ERROR;
  env.allowLocalModels = true;
  env.allowRemoteModels = allowRemoteModels;
  if (localModelPath) env.localModelPath = localModelPath;
  if (cacheDir) env.cacheDir = cacheDir;
  return pipeline('feature-extraction', model, {
    dtype,
    local_files_only: !allowRemoteModels,
    // One intra-op thread per worker: the pool is the parallelism, so N workers use N cores.
    session_options: { intraOpNumThreads: 1, interOpNumThreads: 1 },
  });
};

/**
 * An int64 tensor built through its low 32-bit words where the platform is little-endian (token
 * ids are small and non-negative): the library converts every id to a BigInt, a cost that rivals
 * the model's own for static models.
 */
const int64Tensor = (rows, dims, padding) => {
  const { Tensor } = require('@huggingface/transformers');
  const [batch, length] = dims;
  const values = new BigInt64Array(batch * length);
  const words = LITTLE_ENDIAN ? new Int32Array(values.buffer) : undefined;
  rows.forEach((row, i) => {
    for (let j = 0; j < length; j++) {
      const value = j < row.length ? row[j] : padding;
      if (words) words[2 * (i * length + j)] = value;
      else values[i * length + j] = BigInt(value);
    }
  });
  return new Tensor('int64', values, dims);
};

/** Texts in the model's languages whose vectors the mirror must reproduce before it is used. */
const PROBES = [
  'A fisherman and his family face a storm off the coast of Brittany.',
  'Een danseres verlaat haar dorp en sluit zich aan bij een gezelschap in Brussel.',
  'Un pêcheur et sa famille affrontent une tempête; la guerre arrive au village.',
  'Zwei Fremde begegnen sich in einem Nachtzug nach Lissabon.',
  'Una giovane donna parte alla ricerca del fratello nella città.',
  'Ein ein ein the the the war war 🎬🍿 [UNK] ##s',
  'x',
];

/**
 * The bundled static model's graph computed in JavaScript (static-graph.js), once it gives the session's own
 * `sentence_embedding` for the probe texts to 1e-5 of their norm; otherwise `{ reason }` and the session is used.
 */
const mirroredGraph = async ({ model, localModelPath, dtype, mirrorStaticGraph }, tokenizer, { session, inputNames }) => {
  if (mirrorStaticGraph === false) return { reason: 'mirror turned off' };
  if (!localModelPath || dtype !== 'fp32') return { reason: 'the mirror reads local fp32 models only' };
  const file = join(localModelPath, model, 'onnx', 'model.onnx');
  if (!existsSync(file)) return { reason: `no ${file}` };
  const graph = loadStaticGraph(file);
  if (graph.reason) return { reason: graph.reason };
  const rows = tokenizer(PROBES, { padding: false, truncation: true, return_tensor: false });
  const perText = PROBES.map((_, i) => ({ input_ids: rows.input_ids[i], attention_mask: rows.attention_mask[i] }));
  const length = Math.max(...perText.map((row) => row.input_ids.length));
  const feeds = {
    input_ids: int64Tensor(
      perText.map((row) => row.input_ids),
      [PROBES.length, length],
      tokenizer.pad_token_id ?? 0,
    ).ort_tensor,
    attention_mask: int64Tensor(
      perText.map((row) => row.attention_mask),
      [PROBES.length, length],
      0,
    ).ort_tensor,
  };
  const { sentence_embedding: expected } = await session.run(Object.fromEntries(inputNames.map((name) => [name, feeds[name]])), [
    'sentence_embedding',
  ]);
  const actual = graph.embed(perText);
  const { dimension } = graph;
  if (expected.data.length !== actual.length) return { reason: 'the mirror and the session disagree on the vector size' };
  for (let i = 0; i < PROBES.length; i++) {
    let norm = 0;
    let worst = 0;
    for (let d = i * dimension; d < (i + 1) * dimension; d++) {
      norm += expected.data[d] * expected.data[d];
      worst = Math.max(worst, Math.abs(expected.data[d] - actual[d]));
    }
    if (!(worst <= 1e-5 * Math.max(Math.sqrt(norm), 1e-3)))
      return { reason: `the mirror differs from the session on probe ${i} by ${worst}` };
  }
  return { graph };
};

const main = async () => {
  const { batchSize, maxTokens: requestedMaxTokens } = workerData;
  const extractor = await load(workerData);
  const { tokenizer } = extractor;
  const { maxTokens, specialTokens } = tokenLimits(tokenizer, requestedMaxTokens);
  /**
   * The ONNX session, for a Marquee static model (config.json `marquee`) whose `sentence_embedding` output is
   * the mean of its token states; other models' sentence outputs may pool differently, so they are not used.
   */
  const pooledOutput = (() => {
    const session = extractor.model.sessions && extractor.model.sessions.model;
    const marquee = extractor.model.config && extractor.model.config.marquee;
    if (!session || !marquee || marquee.pooling !== 'mean' || !session.outputNames.includes('sentence_embedding')) return undefined;
    const inputNames = session.inputNames;
    return inputNames.every((name) => name === 'input_ids' || name === 'attention_mask') ? { session, inputNames } : undefined;
  })();
  const mirror = pooledOutput ? await mirroredGraph(workerData, tokenizer, pooledOutput) : { reason: 'not a Marquee static model' };
  if (mirror.graph) await extractor.model.dispose();

  const encodeChunks = createChunkEncoder(tokenizer, { maxTokens, specialTokens });

  const embed = async (payload) => {
    const { rows, weights, chunkCounts } = encodeChunks(payload);
    let vectors;
    // The bundled static model's graph in JavaScript: no int64 tensors, no padding, no session, no batches.
    if (mirror.graph) vectors = mirror.graph.embed(rows);
    else {
      const outputs = [];
      for (let start = 0; start < rows.length; start += batchSize) outputs.push(await meanPooled(rows.slice(start, start + batchSize)));
      vectors = new Float32Array(outputs.reduce((sum, data) => sum + data.length, 0));
      let offset = 0;
      for (const data of outputs) {
        vectors.set(data, offset);
        offset += data.length;
      }
    }
    return { vectors, dimension: vectors.length / rows.length, chunkCounts, weights };
  };

  /**
   * What `extractor(texts, { pooling: 'mean' })` computes from token rows, minus its overhead: the
   * library converts every token id, and in pooling every mask value per dimension, to or from a
   * BigInt, which costs more than a static model itself. Rows are padded on the right like the
   * library does. Vectors are normalised by the caller.
   */
  const meanPooled = async (rows) => {
    const batch = rows.length;
    const length = Math.max(...rows.map((row) => row.input_ids.length));
    const inputs = {};
    for (const name of Object.keys(rows[0])) {
      const padding = name === 'input_ids' ? (tokenizer.pad_token_id ?? 0) : 0;
      inputs[name] = int64Tensor(
        rows.map((row) => row[name]),
        [batch, length],
        padding,
      );
    }
    if (!inputs.attention_mask)
      inputs.attention_mask = int64Tensor(
        rows.map((row) => row.input_ids.map(() => 1)),
        [batch, length],
        0,
      );
    if (pooledOutput) {
      // The model pools itself (the bundled static model): fetch only its sentence vectors, so the session
      // never builds the [B, T, D] hidden states the standard pipeline pools.
      const feeds = Object.fromEntries(pooledOutput.inputNames.map((name) => [name, inputs[name].ort_tensor]));
      const { sentence_embedding: vectors } = await pooledOutput.session.run(feeds, ['sentence_embedding']);
      return Float32Array.from(vectors.data);
    }
    const outputs = await extractor.model(inputs);
    const hidden = outputs.last_hidden_state ?? outputs.logits ?? outputs.token_embeddings;
    const dimension = hidden.dims[2];
    const data = hidden.data;
    const pooled = new Float32Array(batch * dimension);
    const sum = new Float64Array(dimension);
    for (let i = 0; i < batch; i++) {
      sum.fill(0);
      const mask = rows[i].attention_mask;
      let count = 0;
      for (let j = 0; j < rows[i].input_ids.length; j++) {
        if (mask && mask[j] === 0) continue;
        count++;
        const row = (i * length + j) * dimension;
        for (let k = 0; k < dimension; k++) sum[k] += data[row + k];
      }
      for (let k = 0; k < dimension; k++) pooled[i * dimension + k] = sum[k] / count;
    }
    return pooled;
  };

  parentPort.on('message', ({ id, payload }) => {
    embed(payload).then(
      (result) => parentPort.postMessage({ id, ok: true, result }, [result.vectors.buffer]),
      (error) => parentPort.postMessage({ id, ok: false, error: String((error && error.stack) || error) }),
    );
  });
  parentPort.postMessage({
    type: 'ready',
    info: {
      maxTokens: Number.isFinite(maxTokens) ? maxTokens : null,
      specialTokens,
      graph: mirror.graph ? 'javascript' : 'onnxruntime',
      ...(mirror.reason ? { graphNote: mirror.reason } : {}),
    },
  });
};

main().catch((error) => {
  parentPort.postMessage({ type: 'failed', error: String((error && error.message) || error) });
});
