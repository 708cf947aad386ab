/**
 * Writes tiny transformers.js feature-extraction models with random weights, so the embedder's
 * transformer code path is tested without downloading anything:
 * - `bert`: a BERT-shaped graph (word + position + token-type embeddings, LayerNorm, one
 *   single-head attention layer with the attention mask, residual, LayerNorm) behind a
 *   WordPiece tokenizer with [CLS]/[SEP] and a short `model_max_length`;
 * - `static`: a model2vec-style token table (Gather only, [UNK] row all zeros) without special
 *   tokens, like the bundled model; text made only of unknown tokens yields a zero vector.
 * The ONNX protobuf is written with protobufjs from the subset of onnx.proto it needs.
 */
import { seededRandom } from '@marquee/random';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as protobuf from 'protobufjs';

export type TinyModelKind = 'bert' | 'static';

export interface TinyModelOptions {
  kind?: TinyModelKind;
  hiddenSize?: number;
  /** Tokenizer model_max_length (BERT: also the number of position embeddings); default 32, static 100,000. */
  maxLength?: number;
  seed?: number;
}

const ONNX_PROTO = `
syntax = "proto3";
package onnx;
message AttributeProto {
  string name = 1; float f = 2; int64 i = 3; bytes s = 4; TensorProto t = 5;
  repeated float floats = 7; repeated int64 ints = 8; int32 type = 20;
}
message ValueInfoProto { string name = 1; TypeProto type = 2; }
message NodeProto {
  repeated string input = 1; repeated string output = 2; string name = 3; string op_type = 4;
  repeated AttributeProto attribute = 5; string domain = 7;
}
message ModelProto {
  int64 ir_version = 1; string producer_name = 2; GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
}
message GraphProto {
  repeated NodeProto node = 1; string name = 2; repeated TensorProto initializer = 5;
  repeated ValueInfoProto input = 11; repeated ValueInfoProto output = 12;
}
message TensorProto { repeated int64 dims = 1; int32 data_type = 2; string name = 8; bytes raw_data = 9; }
message TensorShapeProto {
  message Dimension { oneof value { int64 dim_value = 1; string dim_param = 2; } }
  repeated Dimension dim = 1;
}
message TypeProto {
  message Tensor { int32 elem_type = 1; TensorShapeProto shape = 2; }
  oneof value { Tensor tensor_type = 1; }
}
message OperatorSetIdProto { string domain = 1; int64 version = 2; }
`;

const FLOAT = 1;
const INT64 = 7;
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_INTS = 7;

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const WORDS = [
  'film',
  'films',
  'movie',
  'the',
  'a',
  'an',
  'of',
  'and',
  'in',
  'to',
  'is',
  'on',
  'with',
  'his',
  'her',
  'passage',
  'query',
  'story',
  'love',
  'war',
  'city',
  'night',
  'family',
  'young',
  'man',
  'woman',
  'life',
  'world',
  'friends',
  'drama',
  'comedy',
  'thriller',
  'le',
  'la',
  'les',
  'de',
  'et',
  'un',
  'une',
  'der',
  'die',
  'das',
  'und',
  'el',
  'los',
  'y',
  'het',
  'een',
];
const PUNCTUATION = ['.', ',', ':', ';', '!', '?', "'", '"', '-', '(', ')'];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');

/** Lower-case Latin text always tokenizes (letters are pieces); other scripts and emoji are [UNK]. */
export const tinyVocabulary = (): string[] => [
  ...new Set([...SPECIAL_TOKENS, ...PUNCTUATION, ...WORDS, ...LETTERS, ...LETTERS.map((c) => `##${c}`)]),
];

/** Deterministic uniform(-1, 1) numbers, so generated models are reproducible. */
const randomSource = (seed: number) => {
  const random = seededRandom(seed);
  return (): number => random() * 2 - 1;
};

interface Tensor {
  name: string;
  dims: number[];
  data_type: number;
  raw_data: Uint8Array;
}

const floatTensor = (name: string, dims: number[], values: Float32Array): Tensor => ({
  name,
  dims,
  data_type: FLOAT,
  raw_data: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
});

const int64Tensor = (name: string, dims: number[], values: number[]): Tensor => {
  const data = BigInt64Array.from(values.map(BigInt));
  return { name, dims, data_type: INT64, raw_data: new Uint8Array(data.buffer) };
};

const randomMatrix = (random: () => number, rows: number, cols: number, scale: number): Float32Array =>
  Float32Array.from({ length: rows * cols }, () => random() * scale);

const filled = (length: number, value: number): Float32Array => new Float32Array(length).fill(value);

const tensorInput = (name: string, elemType: number, dims: Array<string | number>) => ({
  name,
  type: {
    tensor_type: {
      elem_type: elemType,
      shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) },
    },
  },
});

const node = (op_type: string, input: string[], output: string[], attribute: object[] = []) => ({
  op_type,
  input,
  output,
  name: output[0],
  attribute,
});

const intAttribute = (name: string, i: number) => ({ name, i, type: ATTR_INT });
const floatAttribute = (name: string, f: number) => ({ name, f, type: ATTR_FLOAT });
const intsAttribute = (name: string, ints: number[]) => ({ name, ints, type: ATTR_INTS });

const bertGraph = (vocabSize: number, hidden: number, maxLength: number, random: () => number) => {
  const layerNorm = (input: string, prefix: string, output: string) =>
    node(
      'LayerNormalization',
      [input, `${prefix}.weight`, `${prefix}.bias`],
      [output],
      [intAttribute('axis', -1), floatAttribute('epsilon', 1e-12)],
    );
  const initializer: Tensor[] = [
    floatTensor('word_embeddings', [vocabSize, hidden], randomMatrix(random, vocabSize, hidden, 1)),
    floatTensor('position_embeddings', [maxLength, hidden], randomMatrix(random, maxLength, hidden, 0.1)),
    floatTensor('token_type_embeddings', [2, hidden], randomMatrix(random, 2, hidden, 0.1)),
    ...['ln_embeddings', 'ln_output'].flatMap((prefix) => [
      floatTensor(`${prefix}.weight`, [hidden], filled(hidden, 1)),
      floatTensor(`${prefix}.bias`, [hidden], filled(hidden, 0)),
    ]),
    ...['query', 'key', 'value', 'output'].map((name) =>
      floatTensor(name, [hidden, hidden], randomMatrix(random, hidden, hidden, 1 / Math.sqrt(hidden))),
    ),
    floatTensor('attention_scale', [], Float32Array.of(1 / Math.sqrt(hidden))),
    floatTensor('one', [], Float32Array.of(1)),
    floatTensor('masked_score', [], Float32Array.of(-10_000)),
    int64Tensor('int_zero', [], [0]),
    int64Tensor('int_one', [], [1]),
    int64Tensor('axis_one', [1], [1]),
  ];
  const nodes = [
    node('Gather', ['word_embeddings', 'input_ids'], ['words']),
    node('Gather', ['token_type_embeddings', 'token_type_ids'], ['token_types']),
    node('Shape', ['input_ids'], ['input_shape']),
    node('Gather', ['input_shape', 'int_one'], ['sequence_length'], [intAttribute('axis', 0)]),
    node('Range', ['int_zero', 'sequence_length', 'int_one'], ['position_ids']),
    node('Gather', ['position_embeddings', 'position_ids'], ['positions']),
    node('Add', ['words', 'token_types'], ['words_and_types']),
    node('Add', ['words_and_types', 'positions'], ['embedding_sum']),
    layerNorm('embedding_sum', 'ln_embeddings', 'embeddings'),
    node('MatMul', ['embeddings', 'query'], ['q']),
    node('MatMul', ['embeddings', 'key'], ['k']),
    node('MatMul', ['embeddings', 'value'], ['v']),
    node('Transpose', ['k'], ['k_transposed'], [intsAttribute('perm', [0, 2, 1])]),
    node('MatMul', ['q', 'k_transposed'], ['raw_scores']),
    node('Mul', ['raw_scores', 'attention_scale'], ['scaled_scores']),
    node('Cast', ['attention_mask'], ['mask_float'], [intAttribute('to', FLOAT)]),
    node('Sub', ['one', 'mask_float'], ['mask_inverted']),
    node('Mul', ['mask_inverted', 'masked_score'], ['mask_bias']),
    node('Unsqueeze', ['mask_bias', 'axis_one'], ['mask_bias_per_query']),
    node('Add', ['scaled_scores', 'mask_bias_per_query'], ['scores']),
    node('Softmax', ['scores'], ['attention'], [intAttribute('axis', -1)]),
    node('MatMul', ['attention', 'v'], ['context']),
    node('MatMul', ['context', 'output'], ['attention_output']),
    node('Add', ['attention_output', 'embeddings'], ['residual']),
    layerNorm('residual', 'ln_output', 'last_hidden_state'),
  ];
  return { initializer, nodes, inputs: ['input_ids', 'attention_mask', 'token_type_ids'] };
};

const staticGraph = (vocabulary: string[], hidden: number, random: () => number) => {
  const table = randomMatrix(random, vocabulary.length, hidden, 1);
  table.fill(0, vocabulary.indexOf('[UNK]') * hidden, (vocabulary.indexOf('[UNK]') + 1) * hidden);
  const initializer = [floatTensor('token_table', [vocabulary.length, hidden], table)];
  // The mask is part of the signature transformers.js feeds; mean pooling applies it outside the graph.
  const nodes = [
    node('Gather', ['token_table', 'input_ids'], ['token_vectors']),
    node('Cast', ['attention_mask'], ['mask_float'], [intAttribute('to', FLOAT)]),
    node('Unsqueeze', ['mask_float', 'axis_last'], ['mask_per_dimension']),
    node('Mul', ['token_vectors', 'mask_per_dimension'], ['last_hidden_state']),
  ];
  initializer.push(int64Tensor('axis_last', [1], [2]));
  return { initializer, nodes, inputs: ['input_ids', 'attention_mask'] };
};

const encodeModel = (graph: ReturnType<typeof bertGraph>, hidden: number): Uint8Array => {
  const root = protobuf.parse(ONNX_PROTO, { keepCase: true }).root;
  const ModelProto = root.lookupType('onnx.ModelProto');
  const model = {
    ir_version: 8,
    producer_name: 'marquee-tiny-bert',
    opset_import: [{ domain: '', version: 17 }],
    graph: {
      name: 'tiny',
      node: graph.nodes,
      initializer: graph.initializer,
      input: graph.inputs.map((name) => tensorInput(name, INT64, ['batch_size', 'sequence_length'])),
      output: [tensorInput('last_hidden_state', FLOAT, ['batch_size', 'sequence_length', hidden])],
    },
  };
  const problem = ModelProto.verify(model);
  if (problem) throw new Error(`invalid ONNX model: ${problem}`);
  return ModelProto.encode(ModelProto.fromObject(model)).finish();
};

const tokenizerJson = (vocabulary: string[], withSpecialTokens: boolean) => ({
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: SPECIAL_TOKENS.map((content, id) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  })),
  normalizer: {
    type: 'BertNormalizer',
    clean_text: true,
    handle_chinese_chars: true,
    strip_accents: null,
    lowercase: true,
  },
  pre_tokenizer: { type: 'BertPreTokenizer' },
  post_processor: withSpecialTokens
    ? {
        type: 'TemplateProcessing',
        single: [
          { SpecialToken: { id: '[CLS]', type_id: 0 } },
          { Sequence: { id: 'A', type_id: 0 } },
          { SpecialToken: { id: '[SEP]', type_id: 0 } },
        ],
        pair: [
          { SpecialToken: { id: '[CLS]', type_id: 0 } },
          { Sequence: { id: 'A', type_id: 0 } },
          { SpecialToken: { id: '[SEP]', type_id: 0 } },
          { Sequence: { id: 'B', type_id: 1 } },
          { SpecialToken: { id: '[SEP]', type_id: 1 } },
        ],
        special_tokens: Object.fromEntries(
          ['[CLS]', '[SEP]'].map((token) => [token, { id: token, ids: [vocabulary.indexOf(token)], tokens: [token] }]),
        ),
      }
    : null,
  decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
  model: {
    type: 'WordPiece',
    unk_token: '[UNK]',
    continuing_subword_prefix: '##',
    max_input_chars_per_word: 100,
    vocab: Object.fromEntries(vocabulary.map((token, id) => [token, id])),
  },
});

/** Writes config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx into `dir`. */
export const writeTinyModel = (dir: string, options: TinyModelOptions = {}): string => {
  const { kind = 'bert', hiddenSize = 16, maxLength = kind === 'bert' ? 32 : 100_000, seed = 42 } = options;
  const random = randomSource(seed);
  const vocabulary = tinyVocabulary();
  const graph = kind === 'bert' ? bertGraph(vocabulary.length, hiddenSize, maxLength, random) : staticGraph(vocabulary, hiddenSize, random);
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  writeFileSync(join(dir, 'onnx', 'model.onnx'), encodeModel(graph, hiddenSize));
  const config = {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: hiddenSize,
    num_hidden_layers: kind === 'bert' ? 1 : 0,
    num_attention_heads: 1,
    intermediate_size: hiddenSize,
    max_position_embeddings: Math.min(maxLength, 512),
    type_vocab_size: 2,
    vocab_size: vocabulary.length,
  };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2));
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson(vocabulary, kind === 'bert')));
  const tokenizerConfig = {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: maxLength,
    unk_token: '[UNK]',
    pad_token: '[PAD]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    mask_token: '[MASK]',
  };
  writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig, null, 2));
  return dir;
};

if (require.main === module) {
  const [dir = join(__dirname, '..', '.tmp', 'tiny-bert'), kind = 'bert'] = process.argv.slice(2);
  writeTinyModel(dir, { kind: kind as TinyModelKind });
  process.stdout.write(`${dir}\n`);
}
