/**
 * Dot products of a few queries with many rows of a packed float32 matrix: the newsletter's inner
 * loop (the liked films of an audience's subscribers against every film the audience can attend).
 * Plain JavaScript does about one multiply-add per nanosecond; these WebAssembly SIMD kernels do
 * four lanes at a time, and read each row once for up to MAX_QUERIES queries: a city's rows are
 * megabytes, so one query per pass waits on memory, three per pass on arithmetic (2.2× faster per query). The module is a
 * few hundred bytes, assembled below from named opcodes (no toolchain needed); kernel `scores<n>`
 * is equivalent to:
 *
 *   (func (export "scores<n>") (param $queries i32) (param $rows i32) (param $positions i32)
 *         (param $count i32) (param $rowBytes i32) (param $out i32)
 *     for p in 0..count: row = rows + positions[p] * rowBytes
 *       for q in 0..n: out[q * count + p] = Σ over 16-byte steps d of
 *         f32x4(queries + q * rowBytes + d) · f32x4(row + d), lanes summed)
 *
 * Each query keeps its own two accumulators, added in the same order whatever n is, so a query's
 * scores are bit for bit the same alone or in company. Where WebAssembly SIMD is unavailable, or
 * the dimension is not a multiple of 8, the same loop runs in JavaScript.
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

/** Queries a kernel reads each row for: two accumulators each, all in registers (at four, x64 spills them and is slower than at three). */
export const MAX_QUERIES = 3;

// Parameters, then locals: the row pointer, step, then per query its pointer, output pointer and two accumulators.
const [QUERIES, ROWS, POSITIONS, COUNT, ROW_BYTES, OUT, P, ROW, D] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
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
const zero = [...simd.const, ...new Array<number>(16).fill(0)];

/** The kernel for `n` queries. */
const kernelBody = (n: number): number[] => {
  const queryAt = (q: number) => 9 + q;
  const outAt = (q: number) => 9 + n + q;
  // v128 locals follow the i32 ones: the row's two halves of a step, then two accumulators per query.
  const firstV128 = 9 + 2 * n;
  const [ROW0, ROW1] = [firstV128, firstV128 + 1];
  const acc = (q: number, half: number) => firstV128 + 2 + 2 * q + half;
  const queries = Array.from({ length: n }, (_, q) => q);
  return [
    ...vector([
      [3 + 2 * n, I32],
      [2 + 2 * n, V128],
    ]),
    // query q at queries + q * rowBytes; its scores at out + q * count * 4
    ...queries.flatMap((q) => [
      ...[...get(QUERIES), ...get(ROW_BYTES), ...constant(q), op.i32Mul, op.i32Add, ...set(queryAt(q))],
      ...[...get(OUT), ...get(COUNT), ...constant(4 * q), op.i32Mul, op.i32Add, ...set(outAt(q))],
    ]),
    ...[op.block, EMPTY, op.loop, EMPTY],
    ...[...get(P), ...get(COUNT), op.i32GeU, op.brIf, 1],
    // row = rows + positions[p] * rowBytes
    ...[...get(ROWS), ...get(POSITIONS), ...get(P), ...constant(2), op.i32Shl, op.i32Add, op.i32Load, ...at()],
    ...[...get(ROW_BYTES), op.i32Mul, op.i32Add, ...set(ROW)],
    ...queries.flatMap((q) => [...zero, ...set(acc(q, 0)), ...zero, ...set(acc(q, 1))]),
    ...[...constant(0), ...set(D)],
    ...[op.block, EMPTY, op.loop, EMPTY],
    ...[...get(D), ...get(ROW_BYTES), op.i32GeU, op.brIf, 1],
    // 32 bytes of the row a step, read once; two accumulators per query: the adds of one do not wait for the other's.
    ...[...get(ROW), ...get(D), op.i32Add, ...simd.load, ...at(0), ...set(ROW0)],
    ...[...get(ROW), ...get(D), op.i32Add, ...simd.load, ...at(16), ...set(ROW1)],
    ...queries.flatMap((q) =>
      [0, 1].flatMap((half) => [
        ...get(acc(q, half)),
        ...[...get(queryAt(q)), ...get(D), op.i32Add, ...simd.load, ...at(16 * half)],
        ...get(half ? ROW1 : ROW0),
        ...simd.mul,
        ...simd.add,
        ...set(acc(q, half)),
      ]),
    ),
    ...[...get(D), ...constant(32), op.i32Add, ...set(D), op.br, 0],
    ...[op.end, op.end],
    // out[q * count + p] = the lanes of the query's two accumulators summed
    ...queries.flatMap((q) => [
      ...[...get(outAt(q)), ...get(P), ...constant(2), op.i32Shl, op.i32Add],
      ...[...get(acc(q, 0)), ...get(acc(q, 1)), ...simd.add, ...set(acc(q, 0)), ...laneSum(acc(q, 0)), op.f32Store, ...at()],
    ]),
    ...[...get(P), ...constant(1), op.i32Add, ...set(P), op.br, 0],
    ...[op.end, op.end, op.end],
  ];
};

const KERNELS = Array.from({ length: MAX_QUERIES }, (_, i) => i + 1);
const MODULE = Uint8Array.from([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...section(1, vector([[0x60, ...vector([[I32], [I32], [I32], [I32], [I32], [I32]]), 0]])),
  ...section(3, vector(KERNELS.map(() => [0]))),
  ...section(5, vector([[0x00, 1]])),
  ...section(7, vector([[...text('memory'), 0x02, 0], ...KERNELS.map((n) => [...text(`scores${n}`), 0x00, n - 1])])),
  ...section(
    10,
    vector(
      KERNELS.map((n) => {
        const body = kernelBody(n);
        return [...unsigned(body.length), ...body];
      }),
    ),
  ),
]);

const PAGE_BYTES = 65_536;
const FLOAT_BYTES = 4;
/** Two f32x4 accumulators: rows are read 8 floats a step. */
const SIMD_STEP = 8;

type ScoresFunction = (queries: number, rows: number, positions: number, count: number, rowBytes: number, out: number) => void;

/** An immutable matrix of `rows` × `dimension` floats and the dot products of queries with chosen rows. */
export class PackedDotProducts {
  private readonly rows: Float32Array;
  private readonly queries: Float32Array;
  private readonly positions: Int32Array;
  private readonly out: Float32Array;
  /** kernels[n - 1] scores n queries. */
  private readonly kernels?: ScoresFunction[];

  constructor(
    matrix: Float32Array,
    readonly dimension: number,
    useSimd = true,
  ) {
    const count = matrix.length / dimension;
    const simdUsable = useSimd && dimension % SIMD_STEP === 0 && WebAssembly.validate(MODULE);
    if (!simdUsable) {
      this.rows = matrix;
      this.queries = new Float32Array(MAX_QUERIES * dimension);
      this.positions = new Int32Array(count);
      this.out = new Float32Array(MAX_QUERIES * count);
      return;
    }
    const bytes = (matrix.length + MAX_QUERIES * dimension + (1 + MAX_QUERIES) * count) * FLOAT_BYTES;
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
    this.queries = take((o) => new Float32Array(buffer, o, MAX_QUERIES * dimension), MAX_QUERIES * dimension);
    this.positions = take((o) => new Int32Array(buffer, o, count), count);
    this.out = take((o) => new Float32Array(buffer, o, MAX_QUERIES * count), MAX_QUERIES * count);
    this.kernels = KERNELS.map((n) => instance.exports[`scores${n}`] as ScoresFunction);
  }

  get simd(): boolean {
    return this.kernels !== undefined;
  }

  /** Row `position` itself (a view: read only). */
  row(position: number): Float32Array {
    return this.rows.subarray(position * this.dimension, (position + 1) * this.dimension);
  }

  /** The dot products of `query` with the rows at `positions`, in their order (a view, valid until the next call). */
  scores(query: Float32Array, positions: Int32Array): Float32Array {
    return this.scoresOfMany([query], positions);
  }

  /**
   * The dot products of up to MAX_QUERIES queries with the rows at `positions`, each row read once:
   * query q's at [q * positions.length, (q + 1) * positions.length) (a view, valid until the next call).
   */
  scoresOfMany(queries: readonly Float32Array[], positions: Int32Array): Float32Array {
    const dimension = this.dimension;
    const count = positions.length;
    const n = queries.length;
    if (n > MAX_QUERIES) throw new Error(`at most ${MAX_QUERIES} queries at once, not ${n}`);
    if (this.kernels) {
      queries.forEach((query, q) => this.queries.set(query, q * dimension));
      this.positions.set(positions);
      if (n > 0)
        this.kernels[n - 1](
          this.queries.byteOffset,
          this.rows.byteOffset,
          this.positions.byteOffset,
          count,
          dimension * FLOAT_BYTES,
          this.out.byteOffset,
        );
      return this.out.subarray(0, n * count);
    }
    const rows = this.rows;
    queries.forEach((query, q) => {
      for (let p = 0; p < count; p++) {
        const offset = positions[p] * dimension;
        let dot = 0;
        for (let d = 0; d < dimension; d++) dot += query[d] * rows[offset + d];
        this.out[q * count + p] = dot;
      }
    });
    return this.out.subarray(0, n * count);
  }
}
