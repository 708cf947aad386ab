import { readFile, writeFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/** What `HnswVectorIndex.save` writes into its directory. */
export const HNSW_INDEX_FILES = {
  /** hnswlib's own format (`writeIndex`); it holds the vectors too, and `load` reads them from it. */
  graph: 'hnsw-graph.bin',
  ids: 'hnsw-ids.json',
} as const;

/** 2: the vectors are read from the graph file instead of a file of their own. */
const FORMAT = 2;
/** Vectors taken per turn of the event loop when loading: a few milliseconds of work between yields. */
export const VECTORS_PER_TURN = 4_096;

/** Checked in one plain loop: zod's per-element parsing of 100k-element arrays stalls the event loop. */
const arrayOf = <T>(what: string, test: (item: unknown) => boolean) =>
  z.custom<T[]>((value) => Array.isArray(value) && value.every(test), `must be an array of ${what}`);

export const HnswIdsFileSchema = z.strictObject({
  format: z.literal(FORMAT),
  dimension: z.number().int().positive(),
  m: z.number().int().positive(),
  /** The next label a new id gets; labels are never reused. */
  nextLabel: z.number().int().nonnegative(),
  ids: arrayOf<string>('strings', (id) => typeof id === 'string'),
  labels: arrayOf<number>('labels', (label) => Number.isInteger(label) && (label as number) >= 0),
});

export type HnswIdsFile = z.infer<typeof HnswIdsFileSchema>;

/** Lets timers and I/O (HTTP requests) run between chunks of a long job. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export const writeIdsFile = (directory: string, contents: Omit<HnswIdsFile, 'format'>): Promise<void> =>
  writeFile(join(directory, HNSW_INDEX_FILES.ids), JSON.stringify({ format: FORMAT, ...contents }));

/** The id file of `directory`, from `bytes` when they were read already. */
export const readIdsFile = async (directory: string, bytes?: Buffer): Promise<HnswIdsFile> => {
  const text = bytes ? bytes.toString('utf8') : await readFile(join(directory, HNSW_INDEX_FILES.ids), 'utf8');
  const parsed = HnswIdsFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${HNSW_INDEX_FILES.ids} is not an index id file: ${parsed.error.issues[0]?.message}`);
  if (parsed.data.ids.length !== parsed.data.labels.length)
    throw new Error(`${HNSW_INDEX_FILES.ids} has ${parsed.data.ids.length} ids but ${parsed.data.labels.length} labels`);
  return parsed.data;
};

/**
 * hnswlib's index file (`saveIndex` in hnswalg.h): a header of sizes, then one fixed-size record per
 * element (level-0 links, vector, label), then the upper levels' links. Integers are written in the
 * platform's byte order, like the floats that `Float32Array` views read.
 */
const GRAPH_HEADER_BYTES = 96;
const HEADER_FIELDS = { elementCount: 16, bytesPerElement: 24, labelOffset: 32, vectorOffset: 40 } as const;
/** Third byte of an element's level-0 link header; set by `markDelete`. */
const DELETED_FLAG_OFFSET = 2;

/**
 * Finds the vector of every element not marked deleted, by label: `vectorOf` returns a view into
 * `bytes` (a copy only where the platform cannot view it in place). `bytes` must be a file hnswlib
 * wrote for this dimension, its checksum checked: beyond bounds, its header is taken at its word.
 */
export const graphVectors = (bytes: Buffer, dimension: number): { size: number; vectorOf(label: number): Float32Array | undefined } => {
  const fail = (why: string): never => {
    throw new Error(`${HNSW_INDEX_FILES.graph} is not an hnswlib index of ${dimension}-dimensional vectors: ${why}`);
  };
  if (bytes.length < GRAPH_HEADER_BYTES) fail(`${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const littleEndian = endianness() === 'LE';
  const size = (offset: number) => Number(view.getBigUint64(offset, littleEndian));
  const count = size(HEADER_FIELDS.elementCount);
  const perElement = size(HEADER_FIELDS.bytesPerElement);
  const labelOffset = size(HEADER_FIELDS.labelOffset);
  const vectorOffset = size(HEADER_FIELDS.vectorOffset);
  if (vectorOffset + dimension * 4 !== labelOffset || labelOffset + 8 !== perElement)
    fail(`elements of ${perElement} bytes, vector at ${vectorOffset}, label at ${labelOffset}`);
  if (GRAPH_HEADER_BYTES + count * perElement > bytes.length) fail(`${count} elements do not fit in ${bytes.length} bytes`);
  const vectorStarts = new Map<number, number>();
  // Labels are below 2^32 (they number ids): the low word, read without BigInt.
  const [low, high] = littleEndian ? [0, 4] : [4, 0];
  for (let i = 0; i < count; i++) {
    const element = GRAPH_HEADER_BYTES + i * perElement;
    if (bytes[element + DELETED_FLAG_OFFSET] & 1) continue;
    const label = element + labelOffset;
    if (view.getUint32(label + high, littleEndian) !== 0) fail(`element ${i} has a label of 2^32 or more`);
    vectorStarts.set(view.getUint32(label + low, littleEndian), bytes.byteOffset + element + vectorOffset);
  }
  return {
    size: vectorStarts.size,
    vectorOf: (label) => {
      const start = vectorStarts.get(label);
      if (start === undefined) return undefined;
      return start % 4 === 0
        ? new Float32Array(bytes.buffer, start, dimension)
        : new Float32Array(bytes.buffer.slice(start, start + dimension * 4));
    },
  };
};

/** The vectors of the graph file of `directory`, from `bytes` when they were read already. */
export const readGraphVectors = async (directory: string, dimension: number, bytes?: Buffer): Promise<ReturnType<typeof graphVectors>> =>
  graphVectors(bytes ?? (await readFile(join(directory, HNSW_INDEX_FILES.graph))), dimension);
