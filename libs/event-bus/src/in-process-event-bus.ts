import type { Batch, EventBus, LoggerPort, OutgoingMessage, SubscribeOptions, Subscription } from '@marquee/domain';
import { ConsumerGroup } from './consumer-group';
import { InProcessSubscription } from './in-process-subscription';
import { TopicLog } from './topic-log';

export interface InProcessEventBusOptions {
  /** Partitions of a topic not listed in `topicPartitions` (default 6, like the Kafka topics). */
  partitions?: number;
  topicPartitions?: Record<string, number>;
  /** Most messages handed to one `handleBatch` call (default 500). */
  maxBatchSize?: number;
  /** Wait before a failed batch is delivered again, doubling per failure up to `maxMs`. */
  retryBackoff?: { initialMs: number; maxMs: number };
  logger?: LoggerPort;
}

/**
 * The event bus of the embedded, single-process mode: an in-memory append-only log per topic,
 * with Kafka's semantics where Marquee relies on them: keys pick partitions (order per key),
 * consumer groups share partitions and keep committed offsets, delivery is at least once and
 * asynchronous. Nothing survives the process; logs are never compacted or truncated.
 */
export class InProcessEventBus implements EventBus {
  private readonly topics = new Map<string, TopicLog>();
  private readonly groups = new Map<string, ConsumerGroup<InProcessSubscription>>();
  private readonly subscriptions = new Set<InProcessSubscription>();
  private readonly logger: LoggerPort;
  private closed = false;

  constructor(private readonly options: InProcessEventBusOptions = {}) {
    this.logger = options.logger ?? console;
  }

  async publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    this.assertOpen();
    const log = this.topic(topic);
    const now = Date.now();
    for (const message of messages) log.append(message, now);
    for (const subscription of this.subscriptions) {
      if (subscription.options.topic === topic) subscription.wake();
    }
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.assertOpen();
    const log = this.topic(options.topic);
    for (const [partition, offset] of options.startOffsets ?? []) {
      if (!Number.isInteger(partition) || partition < 0 || partition >= log.partitionCount || !/^\d+$/.test(offset)) {
        throw new RangeError(`startOffsets: partition ${partition}, offset "${offset}" is not a position in ${options.topic}`);
      }
    }
    const groupKey = `${options.groupId}\u0000${options.topic}`;
    let group = this.groups.get(groupKey);
    if (!group) this.groups.set(groupKey, (group = new ConsumerGroup(log.partitionCount)));
    const subscription = new InProcessSubscription(options, log, group, {
      maxBatchSize: this.options.maxBatchSize ?? 500,
      retryBackoff: this.options.retryBackoff ?? { initialMs: 100, maxMs: 5_000 },
      onHandlerError: (batch, error, retryInMs) => this.logHandlerError(options.groupId, batch, error, retryInMs),
      onStopped: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    subscription.start();
    return subscription;
  }

  async endOffsets(topic: string): Promise<Map<number, string>> {
    this.assertOpen();
    const log = this.topic(topic);
    return new Map(Array.from({ length: log.partitionCount }, (_, p) => [p, String(log.endOffset(p))]));
  }

  async ping(): Promise<void> {
    this.assertOpen();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
  }

  /** Topics come into being on first use, like on a broker with auto-creation. */
  private topic(name: string): TopicLog {
    let log = this.topics.get(name);
    if (!log) {
      const partitions = this.options.topicPartitions?.[name] ?? this.options.partitions ?? 6;
      if (!Number.isInteger(partitions) || partitions < 1) throw new Error(`topic ${name} needs at least one partition`);
      this.topics.set(name, (log = new TopicLog(name, partitions)));
    }
    return log;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the in-process event bus is closed');
  }

  private logHandlerError(groupId: string, batch: Batch, error: unknown, retryInMs: number): void {
    const reason = error instanceof Error ? error.message : String(error);
    const first = batch.messages[0]?.offset;
    const last = batch.messages[batch.messages.length - 1]?.offset;
    this.logger.warn(
      `handling a batch of ${batch.topic}[${batch.partition}] failed: ${reason}; ` +
        `delivering it again in ${retryInMs} ms (groupId=${groupId}, offsets=${first}..${last})`,
    );
  }
}
