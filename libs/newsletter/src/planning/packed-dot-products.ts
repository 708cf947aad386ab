/**
 * Dot products of one query with many rows of a packed float32 matrix: the newsletter's inner loop
 * (a subscriber's liked film against every film their audience can attend). Plain JavaScript does
 * about one multiply-add per nanosecond; this WebAssembly SIMD kernel does four lanes at a time.
 * The module is a few dozen bytes, assembled below from named opcodes (no toolchain needed); it
 * is equivalent to:
 *
 *   (func (export "scores") (param $query i32) (param $rows i32) (param $positions i32)
 *         (param $count i32) (param $rowBytes i32) (param $out i32)
 *     for p in 0..count: row = rows + positions[p] * rowBytes
 *       out[p] = Σ over 16-byte steps d of f32x4(query + d) · f32x4(row + d), lanes summed)
 *
 * Where WebAssembly SIMD is unavailable, or the dimension is not a multiple of 8, the same loop runs
 * in JavaScript.
 */

const I32 = 0x7f;
const V128 = 0x7b;
const op = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  get: 0x20,
  set: 0x21,
  i32Load: 0x28,
  f32Store: 0x38,
  i32Const: 0x41,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Mul: 0x6c,
  i32Shl: 0x74,
  f32Add: 0x92,
} as const;
const simd = {
  load: [0xfd, 0x00],
  const: [0xfd, 0x0c],
  extractLane: [0xfd, 0x1f],
  add: [0xfd, 0xe4, 0x01],
  mul: [0xfd, 0xe6, 0x01],
} as const;
const EMPTY = 0x40;

const unsigned = (value: number): number[] => {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value) byte |= 0x80;
    bytes.push(byte);
  } while (value);
  return bytes;
};
const text = (value: string): number[] => [...unsigned(value.length), ...Buffer.from(value, 'ascii')];
const vector = (items: number[][]): number[] => [...unsigned(items.length), ...items.flat()];
const section = (id: number, content: number[]): number[] => [id, ...unsigned(content.length), ...content];

// Parameters, then locals.
const [QUERY, ROWS, POSITIONS, COUNT, ROW_BYTES, OUT, P, ROW, D, ACC0, ACC1] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const get = (local: number) => [op.get, local];
const set = (local: number) => [op.set, local];
const constant = (value: number) => [op.i32Const, ...unsigned(value)];
/** memarg: alignment exponent 2 (4 bytes) is all a Float32Array guarantees, offset in bytes. */
const at = (offset = 0) => [2, ...unsigned(offset)];
const laneSum = (local: number) => [
  ...get(local),
  ...simd.extractLane,
  0,
  ...[1, 2, 3].flatMap((lane) => [...get(local), ...simd.extractLane, lane, op.f32Add]),
];
/** acc += query[d..d+4] * row[d..d+4] (at a byte offset from d). */
const multiplyAdd = (acc: number, offset: number) => [
  ...get(acc),
  ...get(QUERY),
  ...get(D),
  op.i32Add,
  ...simd.load,
  ...at(offset),
  ...get(ROW),
  ...get(D),
  op.i32Add,
  ...simd.load,
  ...at(offset),
  ...simd.mul,
  ...simd.add,
  ...set(acc),
];
const zero = [...simd.const, ...new Array<number>(16).fill(0)];

const body = [
  ...vector([
    [3, I32],
    [2, V128],
  ]),
  ...[op.block, EMPTY, op.loop, EMPTY],
  ...[...get(P), ...get(COUNT), op.i32GeU, op.brIf, 1],
  // row = rows + positions[p] * rowBytes
  ...[...get(ROWS), ...get(POSITIONS), ...get(P), ...constant(2), op.i32Shl, op.i32Add, op.i32Load, ...at()],
  ...[...get(ROW_BYTES), op.i32Mul, op.i32Add, ...set(ROW)],
  ...[...zero, ...set(ACC0), ...zero, ...set(ACC1), ...constant(0), ...set(D)],
  ...[op.block, EMPTY, op.loop, EMPTY],
  ...[...get(D), ...get(ROW_BYTES), op.i32GeU, op.brIf, 1],
  // Two accumulators, 32 bytes a step: the adds of one do not wait for the other's.
  ...multiplyAdd(ACC0, 0),
  ...multiplyAdd(ACC1, 16),
  ...[...get(D), ...constant(32), op.i32Add, ...set(D), op.br, 0],
  ...[op.end, op.end],
  // out[p] = the lanes of both accumulators summed
  ...[...get(OUT), ...get(P), ...constant(2), op.i32Shl, op.i32Add],
  ...[...get(ACC0), ...get(ACC1), ...simd.add, ...set(ACC0), ...laneSum(ACC0), op.f32Store, ...at()],
  ...[...get(P), ...constant(1), op.i32Add, ...set(P), op.br, 0],
  ...[op.end, op.end, op.end],
];

const MODULE = Uint8Array.from([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...section(1, vector([[0x60, ...vector([[I32], [I32], [I32], [I32], [I32], [I32]]), 0]])),
  ...section(3, vector([[0]])),
  ...section(5, vector([[0x00, 1]])),
  ...section(
    7,
    vector([
      [...text('memory'), 0x02, 0],
      [...text('scores'), 0x00, 0],
    ]),
  ),
  ...section(10, vector([[...unsigned(body.length), ...body]])),
]);

const PAGE_BYTES = 65_536;
const FLOAT_BYTES = 4;
/** Two f32x4 accumulators: rows are read 8 floats a step. */
const SIMD_STEP = 8;

type ScoresFunction = (query: number, rows: number, positions: number, count: number, rowBytes: number, out: number) => void;

/** An immutable matrix of `rows` × `dimension` floats and the dot products of queries with chosen rows. */
export class PackedDotProducts {
  private readonly rows: Float32Array;
  private readonly query: Float32Array;
  private readonly positions: Int32Array;
  private readonly out: Float32Array;
  private readonly kernel?: ScoresFunction;

  constructor(
    matrix: Float32Array,
    readonly dimension: number,
    useSimd = true,
  ) {
    const count = matrix.length / dimension;
    const simdUsable = useSimd && dimension % SIMD_STEP === 0 && WebAssembly.validate(MODULE);
    if (!simdUsable) {
      this.rows = matrix;
      this.query = new Float32Array(dimension);
      this.positions = new Int32Array(count);
      this.out = new Float32Array(count);
      return;
    }
    const bytes = (matrix.length + dimension + 2 * count) * FLOAT_BYTES;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(MODULE));
    const memory = instance.exports.memory as WebAssembly.Memory;
    memory.grow(Math.ceil(bytes / PAGE_BYTES));
    const buffer = memory.buffer;
    let offset = 0;
    const take = <T extends Float32Array | Int32Array>(make: (offset: number) => T, length: number): T => {
      const view = make(offset);
      offset += length * FLOAT_BYTES;
      return view;
    };
    this.rows = take((o) => new Float32Array(buffer, o, matrix.length), matrix.length);
    this.rows.set(matrix);
    this.query = take((o) => new Float32Array(buffer, o, dimension), dimension);
    this.positions = take((o) => new Int32Array(buffer, o, count), count);
    this.out = take((o) => new Float32Array(buffer, o, count), count);
    this.kernel = instance.exports.scores as ScoresFunction;
  }

  get simd(): boolean {
    return this.kernel !== undefined;
  }

  /** The dot products of `query` with the rows at `positions`, in their order (a view, valid until the next call). */
  scores(query: Float32Array, positions: Int32Array): Float32Array {
    const dimension = this.dimension;
    const count = positions.length;
    if (this.kernel) {
      this.query.set(query);
      this.positions.set(positions);
      this.kernel(
        this.query.byteOffset,
        this.rows.byteOffset,
        this.positions.byteOffset,
        count,
        dimension * FLOAT_BYTES,
        this.out.byteOffset,
      );
      return this.out.subarray(0, count);
    }
    const rows = this.rows;
    for (let p = 0; p < count; p++) {
      const offset = positions[p] * dimension;
      let dot = 0;
      for (let d = 0; d < dimension; d++) dot += query[d] * rows[offset + d];
      this.out[p] = dot;
    }
    return this.out.subarray(0, count);
  }
}
