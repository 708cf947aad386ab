import type { Headers, IncomingMessage, OutgoingMessage } from '@marquee/domain';

interface StoredMessage {
  key: string;
  value: Buffer | null;
  headers: Headers;
  timestamp: string;
}

/** FNV-1a: any stable hash spreads keys; Kafka's murmur2 placement is not needed in one process. */
const hashKey = (key: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
};

/** The append-only log of one topic: messages are never removed, offsets are array indexes. */
export class TopicLog {
  private readonly partitions: StoredMessage[][];

  constructor(
    readonly name: string,
    partitionCount: number,
  ) {
    this.partitions = Array.from({ length: partitionCount }, () => []);
  }

  get partitionCount(): number {
    return this.partitions.length;
  }

  partitionOf(key: string): number {
    return hashKey(key) % this.partitions.length;
  }

  /** Copies the value, so a publisher reusing its buffer cannot rewrite history. */
  append({ key, value, headers }: OutgoingMessage, timestamp: number): number {
    const partition = this.partitionOf(key);
    const bytes = value === null ? null : Buffer.from(value);
    this.partitions[partition].push({ key, value: bytes, headers: { ...headers }, timestamp: String(timestamp) });
    return partition;
  }

  endOffset(partition: number): number {
    return this.partitions[partition].length;
  }

  /** Messages from `offset` on; each delivery gets its own copies, as it would from a broker. */
  read(partition: number, offset: number, max: number): IncomingMessage[] {
    return this.partitions[partition].slice(offset, offset + max).map((message, i) => ({
      topic: this.name,
      partition,
      offset: String(offset + i),
      key: message.key,
      value: message.value === null ? null : Buffer.from(message.value),
      headers: { ...message.headers },
      timestamp: message.timestamp,
    }));
  }
}
