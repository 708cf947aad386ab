export type Headers = Record<string, string>;

export interface OutgoingMessage {
  key: string;
  /** null publishes a tombstone (compacted topics delete the key). */
  value: Buffer | string | null;
  headers?: Headers;
}

export interface IncomingMessage {
  topic: string;
  partition: number;
  /** Offset as a decimal string (Kafka offsets exceed 2^53 in theory). */
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Headers;
  timestamp: string;
}

export interface Batch {
  topic: string;
  partition: number;
  messages: IncomingMessage[];
  /** Offset of the next message the broker would append; `highWatermark - 1` is the last one. */
  highWatermark: string;
}

export interface SubscribeOptions {
  topic: string;
  /** Consumers sharing a group split the partitions; a unique group reads every partition. */
  groupId: string;
  fromBeginning: boolean;
  /**
   * Where to start, overriding the group's committed offsets: each listed partition is read from
   * its offset (the next message to deliver); unlisted partitions start as they would without it
   * (committed offset, else `fromBeginning`). Applies once, when the subscription starts: a replica
   * restored from a snapshot reads only the log after it.
   */
  startOffsets?: Map<number, string>;
  /**
   * Batches of this many partitions may be handled at the same time (default 1); a partition's
   * batches are always handled one after the other, in order. The in-process bus handles one at a time.
   */
  partitionsInParallel?: number;
  /**
   * Handles one batch of one partition. Offsets are committed only after it resolves;
   * if it throws, the batch is delivered again.
   */
  handleBatch(batch: Batch): Promise<void>;
}

export interface Subscription {
  /** Stops fetching, lets the batch in flight finish and commits it. */
  stop(): Promise<void>;
}

/**
 * Port for the log-based event bus: Kafka in production, an in-process log in embedded mode.
 * Delivery is at least once; consumers make their effects idempotent.
 */
export interface EventBus {
  /** Resolves once every message is durably acknowledged (acks = all). */
  publish(topic: string, messages: OutgoingMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** End offsets per partition, to tell when a reader has caught up with the log. */
  endOffsets(topic: string): Promise<Map<number, string>>;
  /** Cheap liveness probe for health checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const EVENT_BUS = Symbol('EventBus');
