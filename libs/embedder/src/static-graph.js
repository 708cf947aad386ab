'use strict';
/**
 * The bundled static model's ONNX graph (tools/model/export.py `write_graph`, plain term frequency) computed
 * in JavaScript from the graph's own initializers: a gather and a weighted mean need no session, no int64
 * tensors and no padding. The ONNX file stays the model's definition: `loadStaticGraph` mirrors only a graph
 * whose nodes and constants are exactly the ones implemented here (anything else gets `undefined` and a
 * reason, and the caller runs the ONNX session), and the embedding worker compares both on probe texts at
 * start-up before using the mirror. Plain CommonJS, loaded by the worker thread.
 *
 * What the graph computes for one row of token ids (attention mask m):
 *   lang   = argmax_L sum_t llr[id_t, L]                      (first maximum; [PAD] rows are zero)
 *   list_t = list_base[id_t] + list_delta[id_t * nL + lang]
 *   v      = sum_t sum_k [w > 0] w_tk concept[c_tk] / max(sum_t m_t, 1) - center[lang] * min(sum_t m_t, 1)
 * with c_tk = entry_concept[list_t, k], w_tk = entry_weight[list_t, k] (float16), concept rows int8.
 */
const { readFileSync } = require('node:fs');

// ---- a minimal protobuf reader: ModelProto.graph -> GraphProto.{node, initializer} ----

const readVarint = (buf, pos) => {
  let result = 0;
  let shift = 0;
  let byte;
  do {
    byte = buf[pos.at++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return result;
};

/** Calls `visit(field, wire, value)` for each field of the message in buf[start, end): varints as numbers, bytes as [start, end). */
const readFields = (buf, start, end, visit) => {
  const pos = { at: start };
  while (pos.at < end) {
    const key = readVarint(buf, pos);
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) visit(field, wire, readVarint(buf, pos));
    else if (wire === 2) {
      const length = readVarint(buf, pos);
      visit(field, wire, [pos.at, pos.at + length]);
      pos.at += length;
    } else if (wire === 5) {
      visit(field, wire, buf.readFloatLE(pos.at));
      pos.at += 4;
    } else if (wire === 1) {
      visit(field, wire, buf.readDoubleLE(pos.at));
      pos.at += 8;
    } else throw new Error(`unsupported protobuf wire type ${wire}`);
  }
};

const text = (buf, [start, end]) => buf.toString('utf8', start, end);

/** The graph's nodes (op, inputs, outputs, integer attributes) and initializers (name, type, dims, raw bytes). */
const readGraph = (buf) => {
  const nodes = [];
  const initializers = new Map();
  readFields(buf, 0, buf.length, (field, wire, value) => {
    if (field !== 7 || wire !== 2) return;
    readFields(buf, value[0], value[1], (gField, gWire, gValue) => {
      if (gWire !== 2) return;
      if (gField === 1) {
        const node = { op: '', inputs: [], outputs: [], attributes: [] };
        readFields(buf, gValue[0], gValue[1], (nField, nWire, nValue) => {
          if (nField === 1) node.inputs.push(text(buf, nValue));
          else if (nField === 2) node.outputs.push(text(buf, nValue));
          else if (nField === 4) node.op = text(buf, nValue);
          else if (nField === 5) {
            const attribute = {};
            readFields(buf, nValue[0], nValue[1], (aField, aWire, aValue) => {
              if (aField === 1) attribute.name = text(buf, aValue);
              else if (aField === 3) attribute.i = aValue;
              else if (aField === 20) attribute.type = aValue;
              else attribute.other = true;
            });
            node.attributes.push(attribute);
          }
        });
        nodes.push(node);
      } else if (gField === 5) {
        const tensor = { dims: [] };
        readFields(buf, gValue[0], gValue[1], (tField, tWire, tValue) => {
          if (tField === 1) {
            if (tWire === 0) tensor.dims.push(tValue);
            else for (const pos = { at: tValue[0] }; pos.at < tValue[1];) tensor.dims.push(readVarint(buf, pos));
          } else if (tField === 2) tensor.type = tValue;
          else if (tField === 8) tensor.name = text(buf, tValue);
          else if (tField === 9) tensor.raw = buf.subarray(tValue[0], tValue[1]);
          else tensor.other = true;
        });
        initializers.set(tensor.name, tensor);
      }
    });
  });
  return { nodes, initializers };
};

// ---- the graph this file mirrors ----

/** write_graph's nodes with plain term frequency, as `op inputs -> outputs attributes`. */
const PLAIN_GRAPH = [
  'Gather llr_int8,input_ids -> llr_q axis=0',
  'Cast llr_q -> llr_f to=1',
  'ReduceSum llr_f,axis1 -> lang_score keepdims=0',
  'ArgMax lang_score -> lang axis=1,keepdims=1',
  'Mul input_ids,n_langs -> ids_x_nl',
  'Add ids_x_nl,lang -> delta_idx',
  'Gather list_delta,delta_idx -> delta_u8 axis=0',
  'Cast delta_u8 -> delta_i to=6',
  'Gather list_base,input_ids -> base_i axis=0',
  'Add base_i,delta_i -> list_id',
  'Gather entry_concept,list_id -> concepts axis=0',
  'Gather entry_weight,list_id -> weights16 axis=0',
  'Cast weights16 -> weights to=1',
  'Cast attention_mask -> mask_f to=1',
  'Unsqueeze mask_f,axis2 -> mask3',
  'ReduceSum mask3,axis1 -> n_tokens keepdims=1',
  'Max n_tokens,one -> n_tokens1',
  'Div weights,n_tokens1 -> entry_share',
  'Reshape entry_share,flat -> share_flat',
  'Reshape concepts,flat -> concepts_flat',
  'Greater share_flat,zero -> carries',
  'NonZero carries -> nz',
  'Squeeze nz,axis0 -> entry_idx',
  'Gather concepts_flat,entry_idx -> entry_c axis=0',
  'Gather share_flat,entry_idx -> entry_w axis=0',
  'Shape concepts -> btk',
  'Slice btk,axis1,end3 -> tk',
  'ReduceProd tk -> per_text keepdims=1',
  'Div entry_idx,per_text -> entry_text',
  'Gather btk,zero_i -> batch',
  'Range zero_i,batch,one_i -> texts',
  'Unsqueeze texts,axis1 -> texts_col',
  'Unsqueeze entry_text,axis0 -> entry_row',
  'Equal texts_col,entry_row -> owns',
  'Cast owns -> owns_f to=1',
  'Mul owns_f,entry_w -> pool_w',
  'Gather concept_int8,entry_c -> rows_q axis=0',
  'Cast rows_q -> rows_f to=1',
  'MatMul pool_w,rows_f -> pooled',
  'Gather lang_center,lang -> center3 axis=0',
  'Squeeze center3,axis1 -> center',
  'ReduceSum mask_f,axis1 -> n_tok keepdims=1',
  'Min n_tok,one -> present',
  'Mul center,present -> center_p',
  'Sub pooled,center_p -> sentence_embedding',
  'Unsqueeze sentence_embedding,axis1 -> vector3',
  'Shape input_ids -> ids_shape',
  'Concat ids_shape,dim_d -> hidden_shape axis=0',
  'Expand vector3,hidden_shape -> last_hidden_state',
];

const FLOAT = 1;
const UINT8 = 2;
const INT8 = 3;
const INT32 = 6;
const INT64 = 7;
const FLOAT16 = 10;

/** The graph's scalar constants and their values (n_langs and dim_d are checked against the tables). */
const CONSTANTS = { axis1: 1, one: 1, axis2: 2, flat: -1, zero: 0, axis0: 0, end3: 3, zero_i: 0, one_i: 1 };

const describeNode = (node) => {
  const attributes = node.attributes.map((a) => (a.other || a.type !== 2 ? `${a.name}=?` : `${a.name}=${a.i}`)).join(',');
  return `${node.op} ${node.inputs.join(',')} -> ${node.outputs.join(',')}${attributes ? ` ${attributes}` : ''}`;
};

const scalarOf = (tensor) => {
  if (!tensor || !tensor.raw || tensor.other || tensor.dims.reduce((a, b) => a * b, 1) !== 1) return undefined;
  if (tensor.type === INT64) return Number(tensor.raw.readBigInt64LE(0));
  if (tensor.type === FLOAT) return tensor.raw.readFloatLE(0);
  return undefined;
};

/** A copy of an initializer's raw bytes as a typed array (the file's offsets are not aligned). */
const tableOf = (tensor, Type) => {
  const table = new Type(tensor.raw.length / Type.BYTES_PER_ELEMENT);
  new Uint8Array(table.buffer).set(tensor.raw);
  return table;
};

const halfToFloat = (bits) => {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 31) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
};

/** Why the graph is not the one mirrored here, or undefined when it is. */
const mismatch = ({ nodes, initializers }) => {
  const described = nodes.map(describeNode);
  if (described.length !== PLAIN_GRAPH.length) return `${described.length} nodes, the mirrored graph has ${PLAIN_GRAPH.length}`;
  const differing = described.findIndex((line, i) => line !== PLAIN_GRAPH[i]);
  if (differing >= 0) return `node ${differing} is "${described[differing]}", expected "${PLAIN_GRAPH[differing]}"`;
  for (const [name, value] of Object.entries(CONSTANTS)) {
    if (scalarOf(initializers.get(name)) !== value) return `constant ${name} is not ${value}`;
  }
  const expect = {
    llr_int8: INT8,
    list_base: INT32,
    list_delta: UINT8,
    entry_concept: INT32,
    entry_weight: FLOAT16,
    concept_int8: INT8,
    lang_center: FLOAT,
  };
  for (const [name, type] of Object.entries(expect)) {
    const tensor = initializers.get(name);
    if (!tensor || tensor.type !== type || !tensor.raw || tensor.other) return `table ${name} is missing or not raw data of type ${type}`;
  }
  const [vocabulary, languages] = initializers.get('llr_int8').dims;
  const [concepts, dimension] = initializers.get('concept_int8').dims;
  const [lists, slots] = initializers.get('entry_concept').dims;
  const dims = (name) => initializers.get(name).dims.join('x');
  if (dims('list_base') !== `${vocabulary}` || dims('list_delta') !== `${vocabulary * languages}`)
    return 'list tables do not match the vocabulary';
  if (dims('entry_weight') !== `${lists}x${slots}`) return 'entry tables differ in shape';
  if (dims('lang_center') !== `${languages}x${dimension}`) return 'language centres do not match';
  if (scalarOf(initializers.get('n_langs')) !== languages || scalarOf(initializers.get('dim_d')) !== dimension)
    return 'n_langs or dim_d disagree with the tables';
  if (!(concepts > 0 && dimension > 0)) return 'empty concept table';
  return undefined;
};

// ---- the pooling kernel: pooled += w * int8 row, for each (row, w) of a text ----

/**
 * A WebAssembly SIMD function `pool(n, pairs, acc, dim)`: for each of the n pairs (i32 byte offset of an int8 row,
 * f32 weight) at `pairs`, adds weight * row to the f32 vector at `acc`, 16 dimensions at a time (dim a multiple
 * of 16). The memory is imported. The module is assembled here from its instructions (281 bytes).
 */
const poolKernelBytes = () => {
  const uleb = (n) => {
    const out = [];
    do {
      let byte = n & 0x7f;
      n >>>= 7;
      if (n) byte |= 0x80;
      out.push(byte);
    } while (n);
    return out;
  };
  const name = (s) => [...uleb(s.length), ...Buffer.from(s)];
  const section = (id, bytes) => [id, ...uleb(bytes.length), ...bytes];
  const vector = (items) => [...uleb(items.length), ...items.flat()];
  // params n, pairs, acc, dim; i32 locals off, d, p, end, a; v128 locals v, lo, hi, w
  const [N, PAIRS, ACC, DIM, OFF, D, P, END, A, V, LO, HI, W] = [...Array(13).keys()];
  const get = (i) => [0x20, i];
  const set = (i) => [0x21, i];
  const simd = (op, ...immediates) => [0xfd, ...uleb(op), ...immediates];
  const constant = (n) => [0x41, n]; // small non-negative constants only (< 64)
  const [I32_ADD, I32_SHL, I32_GE_U, I32_LT_U] = [0x6a, 0x74, 0x4f, 0x49];
  const [BLOCK, LOOP, BR, BR_IF, END_OP, VOID] = [0x02, 0x03, 0x0c, 0x0d, 0x0b, 0x40];
  const [I32_LOAD, F32_LOAD] = [0x28, 0x2a];
  const V128_LOAD = (offset) => simd(0, 0, ...uleb(offset));
  const V128_STORE = (offset) => simd(11, 0, ...uleb(offset));
  const [F32X4_SPLAT, I16X8_LOW, I16X8_HIGH, I32X4_LOW, I32X4_HIGH, F32X4_ADD, F32X4_MUL, F32X4_FROM_I32X4] = [
    19, 135, 136, 167, 168, 228, 230, 250,
  ];
  // the four f32x4 quarters of 16 int8: (which i16x8 half, which i32x4 half of it)
  const quarters = [
    [LO, I32X4_LOW],
    [LO, I32X4_HIGH],
    [HI, I32X4_LOW],
    [HI, I32X4_HIGH],
  ];
  // prettier-ignore
  const body = [
    ...get(PAIRS), ...set(P),
    ...get(PAIRS), ...get(N), ...constant(3), I32_SHL, I32_ADD, ...set(END),
    BLOCK, VOID,
    LOOP, VOID, // each pair
    ...get(P), ...get(END), I32_GE_U, BR_IF, 1,
    ...get(P), I32_LOAD, 2, 0, ...set(OFF),
    ...get(P), F32_LOAD, 2, 4, ...simd(F32X4_SPLAT), ...set(W),
    ...constant(0), ...set(D),
    LOOP, VOID, // each 16 dimensions
    ...get(OFF), ...get(D), I32_ADD, ...V128_LOAD(0), ...set(V),
    ...get(V), ...simd(I16X8_LOW), ...set(LO),
    ...get(V), ...simd(I16X8_HIGH), ...set(HI),
    ...get(ACC), ...get(D), ...constant(2), I32_SHL, I32_ADD, ...set(A),
    ...quarters.flatMap(([half, widen], k) => [
      ...get(A), ...get(A), ...V128_LOAD(16 * k),
      ...get(half), ...simd(widen), ...simd(F32X4_FROM_I32X4), ...get(W), ...simd(F32X4_MUL), ...simd(F32X4_ADD),
      ...V128_STORE(16 * k),
    ]),
    ...get(D), ...constant(16), I32_ADD, ...set(D),
    ...get(D), ...get(DIM), I32_LT_U, BR_IF, 0,
    END_OP,
    ...get(P), ...constant(8), I32_ADD, ...set(P),
    BR, 0,
    END_OP,
    END_OP,
    END_OP,
  ];
  const code = [
    ...vector([
      [5, 0x7f],
      [4, 0x7b],
    ]),
    ...body,
  ];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    ...section(1, vector([[0x60, 4, 0x7f, 0x7f, 0x7f, 0x7f, 0]])),
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, 1]])),
    ...section(3, vector([[0]])),
    ...section(7, vector([[...name('pool'), 0x00, 0]])),
    ...section(10, vector([[...uleb(code.length), ...code]])),
  ]);
};

const WASM_PAGE = 65536;

/**
 * The concept rows and `pool(count)` adding each touched concept's weight times its row into `pooled` (Float64Array):
 * in WebAssembly SIMD where the runtime has it and the dimension is a multiple of 16, else in plain JavaScript.
 * Both read `touched[0, count)` and `conceptWeight` and reset the weights they read to 0.
 */
const poolingKernel = (rowsTensor, concepts, dimension, conceptWeight, touched, pooled, prefer) => {
  const bytes = poolKernelBytes();
  if (prefer !== 'javascript' && dimension % 16 === 0 && WebAssembly.validate(bytes)) {
    const tableBytes = concepts * dimension;
    const accAt = Math.ceil(tableBytes / 16) * 16;
    const pairsAt = accAt + dimension * 4;
    const memory = new WebAssembly.Memory({ initial: Math.ceil((pairsAt + concepts * 8) / WASM_PAGE) });
    const { pool } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
    new Uint8Array(memory.buffer, 0, tableBytes).set(rowsTensor.raw);
    const acc = new Float32Array(memory.buffer, accAt, dimension);
    const offsets = new Int32Array(memory.buffer, pairsAt, concepts * 2);
    const weights = new Float32Array(memory.buffer, pairsAt, concepts * 2);
    return {
      kind: 'webassembly',
      pool: (count) => {
        for (let i = 0; i < count; i++) {
          const c = touched[i];
          offsets[2 * i] = c * dimension;
          weights[2 * i + 1] = conceptWeight[c];
          conceptWeight[c] = 0;
        }
        acc.fill(0);
        pool(count, pairsAt, accAt, dimension);
        for (let d = 0; d < dimension; d++) pooled[d] = acc[d];
      },
    };
  }
  const rows = tableOf(rowsTensor, Int8Array);
  return {
    kind: 'javascript',
    pool: (count) => {
      pooled.fill(0);
      let i = 0;
      // four rows per pass over the dimensions: a quarter of the loads and stores of `pooled`
      for (; i + 3 < count; i += 4) {
        const c0 = touched[i];
        const c1 = touched[i + 1];
        const c2 = touched[i + 2];
        const c3 = touched[i + 3];
        const w0 = conceptWeight[c0];
        const w1 = conceptWeight[c1];
        const w2 = conceptWeight[c2];
        const w3 = conceptWeight[c3];
        conceptWeight[c0] = conceptWeight[c1] = conceptWeight[c2] = conceptWeight[c3] = 0;
        const r0 = c0 * dimension;
        const r1 = c1 * dimension;
        const r2 = c2 * dimension;
        const r3 = c3 * dimension;
        for (let d = 0; d < dimension; d++) {
          pooled[d] += w0 * rows[r0 + d] + w1 * rows[r1 + d] + w2 * rows[r2 + d] + w3 * rows[r3 + d];
        }
      }
      for (; i < count; i++) {
        const c = touched[i];
        const w = conceptWeight[c];
        conceptWeight[c] = 0;
        const r = c * dimension;
        for (let d = 0; d < dimension; d++) pooled[d] += w * rows[r + d];
      }
    },
  };
};

/**
 * The mirror of the model's graph, or `{ reason }` when the file is not the graph mirrored here.
 * `embed(rows, out)` writes one `sentence_embedding` per row of `{ input_ids, attention_mask }` into `out`.
 */
const loadStaticGraph = (onnxPath, { kernel: prefer } = {}) => {
  const graph = readGraph(readFileSync(onnxPath));
  const reason = mismatch(graph);
  if (reason) return { reason };
  const tables = graph.initializers;
  const languages = tables.get('llr_int8').dims[1];
  const [concepts, dimension] = tables.get('concept_int8').dims;
  const slots = tables.get('entry_concept').dims[1];
  const llr = tableOf(tables.get('llr_int8'), Int8Array);
  const listBase = tableOf(tables.get('list_base'), Int32Array);
  const listDelta = tableOf(tables.get('list_delta'), Uint8Array);
  const entryConcept = tableOf(tables.get('entry_concept'), Int32Array);
  const halves = tableOf(tables.get('entry_weight'), Uint16Array);
  const center = tableOf(tables.get('lang_center'), Float32Array);
  const vocabulary = listBase.length;

  // The lookups of a token are random reads into tables of megabytes, so they are laid out to cost one cache line
  // each: per token its list base, language scores and list deltas in one record of a power-of-two size; per list
  // its slots' (concept, weight) pairs side by side.
  let tokenBytes = 4;
  while (tokenBytes < 4 + 2 * languages) tokenBytes *= 2;
  const tokenTable = new ArrayBuffer(vocabulary * tokenBytes);
  const tokenBase = new Int32Array(tokenTable);
  const tokenScore = new Int8Array(tokenTable);
  const tokenDelta = new Uint8Array(tokenTable);
  const baseStride = tokenBytes / 4;
  for (let id = 0; id < vocabulary; id++) {
    tokenBase[id * baseStride] = listBase[id];
    tokenScore.set(llr.subarray(id * languages, (id + 1) * languages), id * tokenBytes + 4);
    tokenDelta.set(listDelta.subarray(id * languages, (id + 1) * languages), id * tokenBytes + 4 + languages);
  }
  const entryTable = new ArrayBuffer(entryConcept.length * 8);
  const entryPairConcept = new Int32Array(entryTable);
  const entryPairWeight = new Float32Array(entryTable);
  for (let k = 0; k < entryConcept.length; k++) {
    entryPairConcept[2 * k] = entryConcept[k];
    entryPairWeight[2 * k + 1] = halfToFloat(halves[k]);
  }

  // scratch, reused for every row: each concept's summed weight, the concepts touched, the pooled vector
  const conceptWeight = new Float64Array(concepts);
  const touched = new Int32Array(concepts);
  const score = new Float64Array(languages);
  const pooled = new Float64Array(dimension);
  const kernel = poolingKernel(tables.get('concept_int8'), concepts, dimension, conceptWeight, touched, pooled, prefer);

  const embedRow = (ids, mask, out, offset) => {
    const length = ids.length;
    score.fill(0);
    for (let t = 0; t < length; t++) {
      const id = ids[t];
      if (!(id >= 0 && id < vocabulary)) throw new RangeError(`token id ${id} outside the vocabulary of ${vocabulary}`);
      const row = id * tokenBytes + 4;
      for (let l = 0; l < languages; l++) score[l] += tokenScore[row + l];
    }
    let lang = 0;
    for (let l = 1; l < languages; l++) if (score[l] > score[lang]) lang = l;
    let tokens = 0;
    for (let t = 0; t < length; t++) tokens += mask ? Number(mask[t]) : 1;
    // Weights of one concept from several tokens are summed first, so each concept row is read once.
    let count = 0;
    const deltaAt = 4 + languages + lang;
    for (let t = 0; t < length; t++) {
      const id = ids[t];
      const first = (tokenBase[id * baseStride] + tokenDelta[id * tokenBytes + deltaAt]) * slots * 2;
      for (let k = first; k < first + slots * 2; k += 2) {
        const weight = entryPairWeight[k + 1];
        if (!(weight > 0)) continue;
        const c = entryPairConcept[k];
        if (conceptWeight[c] === 0) touched[count++] = c;
        conceptWeight[c] += weight;
      }
    }
    kernel.pool(count);
    const scale = 1 / Math.max(tokens, 1);
    const present = Math.min(tokens, 1);
    const centre = lang * dimension;
    for (let d = 0; d < dimension; d++) out[offset + d] = pooled[d] * scale - center[centre + d] * present;
  };

  return {
    dimension,
    kernel: kernel.kind,
    embed: (rows) => {
      const out = new Float32Array(rows.length * dimension);
      rows.forEach((row, i) => embedRow(row.input_ids, row.attention_mask, out, i * dimension));
      return out;
    },
  };
};

module.exports = { loadStaticGraph, readGraph, graphMismatch: mismatch, PLAIN_GRAPH };
