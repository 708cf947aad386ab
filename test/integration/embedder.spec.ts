import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FilmSchema } from '@marquee/domain';
import { filmEmbeddingText, PLACEHOLDER_TEXT, TransformersEmbedder } from '@marquee/embedder';
import { writeTinyModel } from '../support/tiny-bert';

/** The embedder against tiny generated models: the real transformers.js + onnxruntime path, in worker threads. */
const MODELS = join(__dirname, '..', '.tmp');
const TINY_BERT = join(MODELS, 'tiny-bert');
const TINY_E5 = join(MODELS, 'tiny-e5');
const TINY_STATIC = join(MODELS, 'tiny-static');
const DIMENSION = 16;

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i], 0);
const norm = (v: Float32Array) => Math.sqrt(dot(v, v));
const expectUnitVectors = (vectors: Float32Array[], count: number) => {
  expect(vectors).toHaveLength(count);
  for (const vector of vectors) {
    expect(vector).toHaveLength(DIMENSION);
    expect(vector.every(Number.isFinite)).toBe(true);
    expect(norm(vector)).toBeCloseTo(1, 5);
  }
};
const expectSameVector = (a: Float32Array, b: Float32Array) => expect(dot(a, b)).toBeCloseTo(1, 5);

const MIXED_INPUTS = [
  'A fisherman and his family. Un pêcheur et sa famille.',
  'Москва ночью 東京の夜 ليلة في المدينة, the city at night',
  '🎬🍿 the film 👩‍👩‍👧',
  '🎬🍿🎞️',
  '',
  ' \n\t\u0000 ',
  'word '.repeat(30_000),
];

/**
 * `pipeline('feature-extraction', dir)` then `extractor(texts, { pooling: 'mean', normalize: true })`,
 * in a plain worker thread: onnxruntime refuses typed arrays from jest's sandboxed globals.
 */
const STANDARD_CALL = `
const { parentPort, workerData } = require('node:worker_threads');
const { env, LogLevel, pipeline } = require(workerData.library);
env.logLevel = LogLevel.ERROR;
env.allowRemoteModels = false;
env.localModelPath = workerData.root;
pipeline('feature-extraction', workerData.model, { dtype: 'fp32' })
  .then((extractor) => extractor(workerData.texts, { pooling: 'mean', normalize: true }))
  .then((output) => parentPort.postMessage({ data: output.data, dimension: output.dims[1] }));
`;
const standardVectors = async (directory: string, texts: string[]): Promise<Float32Array[]> => {
  const workerData = {
    library: require.resolve('@huggingface/transformers'),
    root: `${dirname(directory)}/`,
    model: basename(directory),
    texts,
  };
  const worker = new Worker(STANDARD_CALL, { eval: true, workerData });
  try {
    const [{ data, dimension }] = (await once(worker, 'message')) as [{ data: Float32Array; dimension: number }];
    return texts.map((_, i) => data.slice(i * dimension, (i + 1) * dimension));
  } finally {
    await worker.terminate();
  }
};

const closeTo = (expected: Float32Array) => Array.from(expected).map((x) => expect.closeTo(x, 5));

beforeAll(() => {
  writeTinyModel(TINY_BERT, { kind: 'bert', maxLength: 32 });
  writeTinyModel(TINY_E5, { kind: 'bert', maxLength: 32 });
  writeTinyModel(TINY_STATIC, { kind: 'static' });
});

describe('TransformersEmbedder on a tiny BERT', () => {
  let embedder: TransformersEmbedder;
  beforeAll(async () => {
    embedder = await TransformersEmbedder.create({ model: TINY_BERT, threads: 2 });
  });
  afterAll(() => embedder.close());

  it('discovers the dimension and derives a stable model id', async () => {
    expect(embedder.dimension).toBe(DIMENSION);
    expect(embedder.threads).toBe(2);
    expect(embedder.modelId).toMatch(/^tiny-bert@[0-9a-f]{12}$/);
    const again = await TransformersEmbedder.create({ model: TINY_BERT, threads: 1 });
    const otherPrefixes = await TransformersEmbedder.create({ model: TINY_BERT, threads: 1, prefixes: { query: 'q ', passage: 'p ' } });
    try {
      expect(again.modelId).toBe(embedder.modelId);
      expect(otherPrefixes.modelId).not.toBe(embedder.modelId);
    } finally {
      await Promise.all([again.close(), otherPrefixes.close()]);
    }
  });

  it("returns the vectors of transformers.js' standard feature-extraction call", async () => {
    const texts = ['the film of love and war', 'Une famille à Paris', 'x'];
    const expected = await standardVectors(TINY_BERT, texts);
    const vectors = await embedder.embed(texts, 'passage');
    vectors.forEach((vector, i) => expect(Array.from(vector)).toEqual(closeTo(expected[i])));
  });

  it('returns finite unit vectors for mixed scripts, emoji, empty and oversized text', async () => {
    expectUnitVectors(await embedder.embed(MIXED_INPUTS, 'passage'), MIXED_INPUTS.length);
  });

  it('embeds empty text as the placeholder', async () => {
    const [empty, placeholder] = await embedder.embed(['  ', PLACEHOLDER_TEXT], 'passage');
    expectSameVector(empty, placeholder);
  });

  it('gives a text the same vector whatever it is batched with, across workers and concurrent calls', async () => {
    const texts = Array.from({ length: 80 }, (_, i) => `the film number ${i} is a story of love and war`);
    const [alone] = await embedder.embed([texts[5]], 'passage');
    const [all, again] = await Promise.all([embedder.embed(texts, 'passage'), embedder.embed(texts.slice().reverse(), 'passage')]);
    expectSameVector(all[5], alone);
    expectSameVector(again[texts.length - 1 - 5], alone);
    expect(dot(all[5], all[6])).toBeLessThan(0.99999);
  });

  it('embeds text longer than the model limit in chunks and averages them by token count', async () => {
    // Single letters are one token each: sentences A and B (15 tokens each) fill one 30-token chunk, C makes a second.
    const a = 'A b c d e f g h i j k l m n.';
    const b = 'O p q r s t u v w x y z 1 2.';
    const c = 'H 4 5 6 7 8 9 a b c d e f g.';
    const [long, firstChunk, secondChunk] = await embedder.embed([`${a} ${b} ${c}`, `${a} ${b}`, c], 'passage');
    const expected = firstChunk.map((x, i) => 30 * x + 15 * secondChunk[i]);
    expectSameVector(
      long,
      expected.map((x) => x / norm(expected)),
    );
    expect(dot(long, firstChunk)).toBeLessThan(0.9999);
  });

  it('uses no prefixes for a model that is not e5', async () => {
    const [query, passage] = await Promise.all([embedder.embed(['the city'], 'query'), embedder.embed(['the city'], 'passage')]);
    expectSameVector(query[0], passage[0]);
  });

  it('embeds films whatever their language tags', async () => {
    const film = FilmSchema.parse({
      id: 'unknown-languages',
      titles: { 'tlh-Latn': 'Qapla', xx: 'The film' },
      synopses: { 'qaa-x1': 'A story of love and war.', zxx: '🎬🎬' },
      genres: ['Drama'],
    });
    const text = filmEmbeddingText(film);
    expect(text).toBe('Qapla. Drama. A story of love and war. 🎬🎬');
    expectUnitVectors(await embedder.embed([text], 'passage'), 1);
  });
});

describe('TransformersEmbedder on a tiny e5', () => {
  it('prefixes queries and passages the e5 way', async () => {
    const e5 = await TransformersEmbedder.create({ model: TINY_E5, threads: 1 });
    const plain = await TransformersEmbedder.create({ model: TINY_BERT, threads: 1 });
    try {
      const [query] = await e5.embed(['love and war'], 'query');
      const [passage] = await e5.embed(['love and war'], 'passage');
      const [prefixedQuery, prefixedPassage] = await plain.embed(['query: love and war', 'passage: love and war'], 'passage');
      expectSameVector(query, prefixedQuery);
      expectSameVector(passage, prefixedPassage);
      expect(dot(query, passage)).toBeLessThan(0.9999);
    } finally {
      await Promise.all([e5.close(), plain.close()]);
    }
  });
});

describe('TransformersEmbedder on a static model', () => {
  let embedder: TransformersEmbedder;
  beforeAll(async () => {
    embedder = await TransformersEmbedder.create({ model: TINY_STATIC, threads: 1 });
  });
  afterAll(() => embedder.close());

  it("returns the vectors of transformers.js' standard feature-extraction call", async () => {
    const texts = ['love and war', 'the city at night with his family and her friends'];
    const expected = await standardVectors(TINY_STATIC, texts);
    const vectors = await embedder.embed(texts, 'passage');
    vectors.forEach((vector, i) => expect(Array.from(vector)).toEqual(closeTo(expected[i])));
  });

  it('runs a static graph other than the bundled one through onnxruntime, every call in the workers', () => {
    expect(embedder.graph).toBe('onnxruntime');
    expect(embedder.callingThreadMaxChars).toBe(0);
  });

  it('replaces the zero vector of text made only of unknown tokens by the placeholder vector', async () => {
    const [emoji, cjk, placeholder] = await embedder.embed(['🎬🍿', '東京', PLACEHOLDER_TEXT], 'passage');
    expectUnitVectors([emoji, cjk], 2);
    expectSameVector(emoji, placeholder);
    expectSameVector(cjk, placeholder);
    // A lone accent survives sanitising but the tokenizer strips it: a batch with no tokens at all.
    const [accent] = await embedder.embed(['\u0301'], 'passage');
    expectSameVector(accent, placeholder);
  });

  it('embeds known tokens mixed with unknown ones from the known tokens alone', async () => {
    const [mixed, known] = await embedder.embed(['🎬 love 東京 war', 'love war'], 'passage');
    expectSameVector(mixed, known);
  });

  it('chunks long text only when given a token limit', async () => {
    const limited = await TransformersEmbedder.create({ model: TINY_STATIC, threads: 1, maxTokens: 8 });
    try {
      const text = 'love love love love. war war war war war war.';
      const [whole] = await embedder.embed([text], 'passage');
      const [chunked] = await limited.embed([text], 'passage');
      expect(limited.modelId).not.toBe(embedder.modelId);
      expectUnitVectors([whole, chunked], 2);
      expect(dot(whole, chunked)).toBeLessThan(0.9999);
    } finally {
      await limited.close();
    }
  });
});

describe('TransformersEmbedder.create', () => {
  it('refuses a missing model directory and a hub id while remote models are disabled', async () => {
    await expect(TransformersEmbedder.create({ model: join(MODELS, 'no-such-model') })).rejects.toThrow(/has no config.json/);
    await expect(TransformersEmbedder.create({ model: 'Xenova/no-such-model-cached', threads: 1 })).rejects.toThrow(
      /not found: no model directory .* remote models are disabled/,
    );
  });

  it('reports a model that cannot be loaded', async () => {
    await expect(TransformersEmbedder.create({ model: TINY_BERT, threads: 1, dtype: 'q4' })).rejects.toThrow(/model_q4\.onnx/);
  });
});

const BUNDLED = join(__dirname, '..', '..', 'models', 'marquee-multilingual');
const DEMO_FILMS = join(__dirname, '..', '..', 'libs', 'demo-catalogue', 'data', 'films.json');
const DEMO_SEEDS = join(__dirname, '..', '..', 'libs', 'demo-catalogue', 'data', 'seed-films.json');
const describeIfBundled = existsSync(join(BUNDLED, 'onnx', 'model.onnx')) ? describe : describe.skip;

describeIfBundled('TransformersEmbedder on the bundled model', () => {
  let embedder: TransformersEmbedder;
  let dimension: number;
  beforeAll(async () => {
    embedder = await TransformersEmbedder.create({ model: BUNDLED, threads: 2 });
    dimension = (JSON.parse(readFileSync(join(BUNDLED, 'config.json'), 'utf8')) as { hidden_size: number }).hidden_size;
  });
  afterAll(() => embedder.close());

  const expectUnit = (vectors: Float32Array[]) => {
    for (const vector of vectors) {
      expect(vector).toHaveLength(dimension);
      expect(vector.every(Number.isFinite)).toBe(true);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
  };

  it('names itself after the model directory', () => {
    expect(embedder.modelId).toMatch(/^marquee-multilingual@[0-9a-f]{12}$/);
    expect(embedder.dimension).toBe(dimension);
  });

  it('computes the graph in JavaScript, with the vectors of the ONNX session to 1e-5 (every demo synopsis, edge cases)', async () => {
    const demo = (JSON.parse(readFileSync(DEMO_FILMS, 'utf8')) as { synopses: Record<string, string> }[]).flatMap((film) =>
      Object.values(film.synopses),
    );
    const seeds = (JSON.parse(readFileSync(DEMO_SEEDS, 'utf8')) as { synopses: Record<string, string> }[]).flatMap((film) =>
      Object.values(film.synopses),
    );
    const texts = [...seeds, ...demo, ...MIXED_INPUTS, 'war war war oorlog oorlog guerre', '\u0301', PLACEHOLDER_TEXT];
    expect(texts.length).toBeGreaterThan(500);
    const session = await TransformersEmbedder.create({ model: BUNDLED, threads: 1, mirrorStaticGraph: false });
    try {
      expect(embedder.graph).toBe('javascript');
      expect(session.graph).toBe('onnxruntime');
      expect(session.modelId).toBe(embedder.modelId);
      const [mirrored, reference] = await Promise.all([embedder.embed(texts, 'passage'), session.embed(texts, 'passage')]);
      let worst = 0;
      mirrored.forEach((vector, i) => vector.forEach((x, d) => (worst = Math.max(worst, Math.abs(x - reference[i][d])))));
      expect(worst).toBeLessThan(1e-5);
    } finally {
      await session.close();
    }
  });

  it("embeds small calls on the calling thread with the workers' vectors, bit for bit", async () => {
    const seeds = (JSON.parse(readFileSync(DEMO_SEEDS, 'utf8')) as { synopses: Record<string, string> }[]).flatMap((film) =>
      Object.values(film.synopses),
    );
    // The last text is cut into chunks (over 512 tokens) and still small enough for the calling thread.
    const texts = [...seeds, ...MIXED_INPUTS, 'Een danseres verlaat haar dorp en sluit zich aan bij een gezelschap. '.repeat(50)];
    const workersOnly = await TransformersEmbedder.create({ model: BUNDLED, threads: 1, inlineMaxChars: 0 });
    try {
      expect(embedder.callingThreadMaxChars).toBeGreaterThan(texts[texts.length - 1].length);
      expect(workersOnly.callingThreadMaxChars).toBe(0);
      for (const kind of ['query', 'passage'] as const) {
        const inline = await Promise.all(texts.map(async (text) => (await embedder.embed([text], kind))[0]));
        const workers = await workersOnly.embed(texts, kind);
        inline.forEach((vector, i) => expect(Array.from(vector)).toEqual(Array.from(workers[i])));
      }
    } finally {
      await workersOnly.close();
    }
  });

  it('declares channels that cover its dimensions, and weighs queries for related lists as its config says', () => {
    const config = JSON.parse(readFileSync(join(BUNDLED, 'config.json'), 'utf8')) as { marquee: { channels: { dims: number }[] } };
    expect(config.marquee.channels.reduce((sum, channel) => sum + channel.dims, 0)).toBe(dimension);
    // Same-film matching uses the vectors as embedded; related lists may weigh channels, each uniformly.
    expect(embedder.queryWeights('same-film')).toBeUndefined();
    const related = embedder.queryWeights('related');
    if (!related) return;
    expect(related).toHaveLength(dimension);
    let start = 0;
    for (const { dims } of config.marquee.channels) {
      expect(new Set(related.subarray(start, start + dims)).size).toBe(1);
      start += dims;
    }
    expect(related.some((weight) => weight !== 1)).toBe(true);
  });

  it("returns the vectors of transformers.js' standard feature-extraction call", async () => {
    const texts = ['A fisherman and his family face a storm.', 'Un pêcheur et sa famille affrontent une tempête.'];
    const expected = await standardVectors(BUNDLED, texts);
    const vectors = await embedder.embed(texts, 'passage');
    vectors.forEach((vector, i) => expect(Array.from(vector)).toEqual(closeTo(expected[i])));
  });

  it('gives finite unit vectors for mixed scripts, emoji, empty and oversized text', async () => {
    const vectors = await embedder.embed(MIXED_INPUTS, 'passage');
    expect(vectors).toHaveLength(MIXED_INPUTS.length);
    expectUnit(vectors);
  });

  it('embeds text made only of unknown tokens as the unknown-token vector, and text without tokens as the placeholder', async () => {
    // The bundled model has a (non-zero) [UNK] row, so emoji-only text is usable as is.
    const [popcorn, rocket, accent, placeholder] = await embedder.embed(['🎬🍿', '🚀🛸', '\u0301', PLACEHOLDER_TEXT], 'passage');
    expectUnit([popcorn, rocket, accent]);
    expectSameVector(popcorn, rocket);
    expectSameVector(accent, placeholder);
    expect(dot(popcorn, placeholder)).toBeLessThan(0.9);
  });

  it('embeds films with unknown language tags from their text', async () => {
    const film = FilmSchema.parse({
      id: 'unknown-language',
      titles: { xx: 'Night Train' },
      synopses: { 'qaa-x1': 'Two strangers meet on a night train to Lisbon.' },
    });
    const [tagged, plain] = await embedder.embed(
      [filmEmbeddingText(film), 'Night Train. Two strangers meet on a night train to Lisbon.'],
      'passage',
    );
    expectSameVector(tagged, plain);
  });

  it('embeds a synopsis beyond the token limit in whole-sentence chunks', async () => {
    // The bundled model ignores word order and weighs repeated words by their share, so chunks of whole
    // repetitions of a sentence with no repeated word embed exactly like the sentence; a cut inside it would not.
    const sentence = 'One young woman leaves home to search for her brother in the city.';
    const [long, single] = await embedder.embed([`${sentence} `.repeat(80).trim(), sentence], 'passage');
    expectSameVector(long, single);
  });
});
