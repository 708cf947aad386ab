import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { crc32 } from 'node:zlib';

/**
 * Bytes read per step of a checksum. CRC-32 (zlib, several GB/s) catches torn writes, truncation
 * and flipped bits, which is what a snapshot must survive; it is not tamper-proof.
 */
const CHECKSUM_CHUNK = 8 << 20;

/** Lets timers and I/O (HTTP requests) run between chunks of a long job. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const hex = (crc: number): string => crc.toString(16).padStart(8, '0');

/**
 * Reads the files one after the other on a worker thread and reports each one's CRC-32 (or why it
 * cannot be read) in the order given. Plain CommonJS in a string: it runs unchanged under ts-node,
 * jest and compiled builds, and leaves the main thread free to parse while it reads.
 */
const CHECKSUM_WORKER = `
const { createReadStream } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const { crc32 } = require('node:zlib');
(async () => {
  for (const [index, path] of workerData.paths.entries()) {
    try {
      let crc = 0;
      for await (const chunk of createReadStream(path, { highWaterMark: workerData.chunk })) crc = crc32(chunk, crc);
      parentPort.postMessage({ index, crc });
    } catch (error) {
      parentPort.postMessage({ index, error: String(error && error.message || error) });
    }
  }
})();
`;

/** CRC-32 of each file, computed off the main thread: one promise per path, settling as its file is done. */
export const crc32OfFilesOffThread = (paths: string[]): Promise<string>[] => {
  const settle: { resolve(crc: string): void; reject(error: Error): void }[] = [];
  const results = paths.map((_, i) => new Promise<string>((resolve, reject) => (settle[i] = { resolve, reject })));
  // A caller may give up on a snapshot before it awaits every checksum.
  for (const result of results) result.catch(() => undefined);
  if (paths.length === 0) return results;
  const worker = new Worker(CHECKSUM_WORKER, { eval: true, workerData: { paths, chunk: CHECKSUM_CHUNK } });
  const failAll = (error: Error) => settle.forEach(({ reject }) => reject(error));
  worker.on('message', ({ index, crc, error }: { index: number; crc?: number; error?: string }) => {
    if (crc === undefined) settle[index].reject(new Error(error));
    else settle[index].resolve(hex(crc));
  });
  worker.on('error', failAll);
  // Settled promises ignore this; it only ends those of files the worker never reported.
  worker.on('exit', (code) => failAll(new Error(`the checksum worker exited with code ${code}`)));
  return results;
};

export const crc32Hex = hex;

/** SHA-256 of a short text, for the manifest: small, and the one file whose every byte decides what is read. */
export const sha256OfText = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Calls `each` with every non-empty line of UTF-8 text, `linesPerTurn` lines per turn of the
 * event loop, so a file of a hundred thousand lines parses without a long stall.
 */
export const forEachLine = async (bytes: Buffer, linesPerTurn: number, each: (line: string, number: number) => void): Promise<void> => {
  let start = 0;
  let number = 0;
  while (start < bytes.length) {
    for (let i = 0; i < linesPerTurn && start < bytes.length; i++) {
      const newline = bytes.indexOf(10, start);
      const end = newline === -1 ? bytes.length : newline;
      if (end > start) each(bytes.toString('utf8', start, end), ++number);
      start = end + 1;
    }
    await yieldToEventLoop();
  }
};
