import { connect, type Socket } from 'node:net';
import type { ISocketFactory } from 'kafkajs';

/** Kafka API keys of the requests a test may hold back. */
export const ApiKeys = { SyncGroup: 14 } as const;

/**
 * kafkajs sockets (plain TCP) that hold back the client's first `times` requests of one API for
 * `delayMs` each: a member of a consumer group made slow at one step of the protocol. Writes on a
 * socket keep their order (a write behind a held-back one waits for it).
 */
export const holdingBack = ({ apiKey, delayMs, times = Infinity }: { apiKey: number; delayMs: number; times?: number }): ISocketFactory => {
  let held = 0;
  return ({ host, port, onConnect }) => {
    const socket: Socket = connect({ host, port }, onConnect);
    const write = socket.write.bind(socket) as (chunk: Buffer) => boolean;
    let queue = Promise.resolve();
    const holdBack = (chunk: Buffer): boolean => {
      // A request starts with its size (int32), then its API key (int16).
      const delay = chunk.length >= 6 && chunk.readInt16BE(4) === apiKey && held < times ? (held++, delayMs) : 0;
      queue = queue
        .then(() => new Promise<void>((resolve) => setTimeout(resolve, delay)))
        .then(() => {
          if (!socket.destroyed) write(chunk);
        });
      return true;
    };
    Object.assign(socket, { write: holdBack });
    return socket;
  };
};
