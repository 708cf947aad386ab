import { open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** What `HnswVectorIndex.save` writes into its directory. */
export const HNSW_INDEX_FILES = {
  /** hnswlib's own format (`writeIndex`). */
  graph: 'hnsw-graph.bin',
  /** The exact vectors, float32 in platform byte order, in the order of `ids`. */
  vectors: 'hnsw-vectors.f32',
  ids: 'hnsw-ids.json',
} as const;

const FORMAT = 1;

/** Vectors per chunk when reading or writing: a few MB, a few milliseconds of work between yields. */
const CHUNK = 2_048;

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

export const readIdsFile = async (directory: string): Promise<HnswIdsFile> => {
  const parsed = HnswIdsFileSchema.safeParse(JSON.parse(await readFile(join(directory, HNSW_INDEX_FILES.ids), 'utf8')));
  if (!parsed.success) throw new Error(`${HNSW_INDEX_FILES.ids} is not an index id file: ${parsed.error.issues[0]?.message}`);
  if (parsed.data.ids.length !== parsed.data.labels.length) throw new Error(`${HNSW_INDEX_FILES.ids} has ${parsed.data.ids.length} ids but ${parsed.data.labels.length} labels`);
  return parsed.data;
};

/** Writes the vectors back to back, a chunk at a time. */
export const writeVectorsFile = async (directory: string, vectors: Float32Array[], dimension: number): Promise<void> => {
  const file = await open(join(directory, HNSW_INDEX_FILES.vectors), 'w');
  try {
    for (let start = 0; start < vectors.length; start += CHUNK) {
      const chunk = vectors.slice(start, start + CHUNK);
      const packed = new Float32Array(chunk.length * dimension);
      chunk.forEach((vector, i) => packed.set(vector, i * dimension));
      await file.write(new Uint8Array(packed.buffer));
    }
  } finally {
    await file.close();
  }
};

/** Reads `count` vectors and hands them to `each` a chunk at a time, as views into one buffer read for them alone. */
export const readVectorsFile = async (
  directory: string,
  count: number,
  dimension: number,
  each: (index: number, vector: Float32Array) => void,
): Promise<void> => {
  const bytes = await readFile(join(directory, HNSW_INDEX_FILES.vectors));
  if (bytes.length !== count * dimension * 4) {
    throw new Error(`${HNSW_INDEX_FILES.vectors} holds ${bytes.length} bytes, expected ${count} vectors of ${dimension} dimensions`);
  }
  // A Float32Array view needs a 4-byte aligned offset; readFile's buffer normally starts at 0.
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : Buffer.from(bytes);
  const all = new Float32Array(aligned.buffer, aligned.byteOffset, count * dimension);
  for (let start = 0; start < count; start += CHUNK) {
    const end = Math.min(count, start + CHUNK);
    for (let i = start; i < end; i++) each(i, all.subarray(i * dimension, (i + 1) * dimension));
    await yieldToEventLoop();
  }
};
