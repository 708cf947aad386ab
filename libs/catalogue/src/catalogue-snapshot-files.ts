import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { crc32 } from 'node:zlib';

/**
 * Bytes checksummed per turn of the event loop. CRC-32 (zlib, several GB/s) catches torn writes,
 * truncation and flipped bits, which is what a snapshot must survive; it is not tamper-proof.
 */
const CHECKSUM_CHUNK = 8 << 20;

/** Lets timers and I/O (HTTP requests) run between chunks of a long job. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const hex = (crc: number): string => crc.toString(16).padStart(8, '0');

/** CRC-32 of a file, read a chunk at a time. */
export const crc32OfFile = async (path: string): Promise<string> => {
  let crc = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: CHECKSUM_CHUNK })) crc = crc32(chunk as Buffer, crc);
  return hex(crc);
};

/** CRC-32 of bytes already in memory, yielding between chunks. */
export const crc32OfBuffer = async (bytes: Buffer): Promise<string> => {
  let crc = 0;
  for (let start = 0; start < bytes.length; start += CHECKSUM_CHUNK) {
    crc = crc32(bytes.subarray(start, start + CHECKSUM_CHUNK), crc);
    await yieldToEventLoop();
  }
  return hex(crc);
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
