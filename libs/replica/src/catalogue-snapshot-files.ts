import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

/**
 * Bytes checksummed per step: a few milliseconds. CRC-32 (zlib, over 2 GB/s) catches torn writes,
 * truncation and flipped bits, which is what a snapshot must survive; it is not tamper-proof.
 */
const CHECKSUM_CHUNK = 8 << 20;
const READ_CHUNK = CHECKSUM_CHUNK;

/** Lets timers and I/O (HTTP requests) run between chunks of a long job. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const hex = (crc: number): string => crc.toString(16).padStart(8, '0');

/** CRC-32 of a file, read a chunk at a time. */
export const crc32OfFile = async (path: string): Promise<string> => {
  let crc = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: CHECKSUM_CHUNK })) crc = crc32(chunk as Buffer, crc);
  return hex(crc);
};

/**
 * A whole file and its CRC-32, read in large chunks on a libuv thread (`readFile` reads 512 KB at a
 * time, a round trip each) and checksummed on this one as each chunk comes in.
 */
export const readFileWithCrc32 = async (path: string): Promise<{ bytes: Buffer; crc32: string }> => {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const bytes = Buffer.allocUnsafe(size);
    let crc = 0;
    for (let offset = 0; offset < size;) {
      const { bytesRead } = await file.read(bytes, offset, Math.min(READ_CHUNK, size - offset), offset);
      if (bytesRead === 0) throw new Error(`${path} ended after ${offset} of ${size} bytes`);
      crc = crc32(bytes.subarray(offset, offset + bytesRead), crc);
      offset += bytesRead;
    }
    return { bytes, crc32: hex(crc) };
  } finally {
    await file.close();
  }
};

export const crc32Hex = hex;

/** SHA-256 of a short text, for the manifest: small, and the one file whose every byte decides what is read. */
export const sha256OfText = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Calls `each` with the start and end of every non-empty line of `bytes`, `linesPerTurn` lines per
 * turn of the event loop, so a file of a hundred thousand lines is read without a long stall.
 */
export const forEachLine = async (bytes: Buffer, linesPerTurn: number, each: (start: number, end: number) => void): Promise<void> => {
  let start = 0;
  while (start < bytes.length) {
    for (let i = 0; i < linesPerTurn && start < bytes.length; i++) {
      const newline = bytes.indexOf(10, start);
      const end = newline === -1 ? bytes.length : newline;
      if (end > start) each(start, end);
      start = end + 1;
    }
    await yieldToEventLoop();
  }
};
