import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

/** No legitimate query of this API comes near it; a longer one is abuse or a bug. */
export const MAX_QUERY_STRING_BYTES = 8 * 1024;

/** Why a request URL's query string is refused (414), or undefined when it is short enough. */
export const queryStringTooLong = (url: string): string | undefined => {
  const start = url.indexOf('?');
  if (start === -1 || url.length - start - 1 <= MAX_QUERY_STRING_BYTES / 3) return undefined;
  const length = Buffer.byteLength(url) - Buffer.byteLength(url.slice(0, start + 1));
  return length > MAX_QUERY_STRING_BYTES ? `query string is ${length} bytes, the limit is ${MAX_QUERY_STRING_BYTES}` : undefined;
};

/** What Node hands a `clientError` listener: the error and the bytes it had read of the request head. */
type ClientError = Error & { code?: string; rawPacket?: Buffer };

const requestLineQueryBytes = (head: Buffer): { bytes: number; whole: boolean } | undefined => {
  const end = head.indexOf('\r\n');
  const line = head.subarray(0, end === -1 ? head.length : end).toString('latin1');
  const start = line.indexOf('?');
  if (start === -1) return undefined;
  const stop = line.lastIndexOf(' HTTP/');
  return { bytes: (stop > start ? stop : line.length) - start - 1, whole: end !== -1 };
};

/**
 * A request head over Node's header limit (16 KiB) never reaches Fastify: Node's parser stops and
 * Fastify would answer 431. When it is the query string that is too long, this answers 414 as the
 * query-string limit does, so one rule holds at any length; 431 stays for headers that are too long.
 * Prepended to the server's `clientError` listeners: it writes and destroys the socket, which
 * Fastify's own listener then leaves alone.
 */
export const answerOverlongQueryStrings = (server: Server): void => {
  server.prependListener('clientError', (error: ClientError, socket: Duplex) => {
    if (error.code !== 'HPE_HEADER_OVERFLOW' || !error.rawPacket || !socket.writable) return;
    const query = requestLineQueryBytes(error.rawPacket);
    if (!query || query.bytes <= MAX_QUERY_STRING_BYTES) return;
    const size = query.whole ? `${query.bytes} bytes` : `over ${query.bytes} bytes`;
    const body = JSON.stringify({
      statusCode: 414,
      error: 'URI Too Long',
      message: `query string is ${size}, the limit is ${MAX_QUERY_STRING_BYTES}`,
    });
    socket.write(
      `HTTP/1.1 414 URI Too Long\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    socket.destroy();
  });
};
