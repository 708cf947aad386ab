import type { Batch, SubscribeOptions, Subscription } from '@marquee/domain';
import type { ConsumerGroup } from './consumer-group';
import type { TopicLog } from './topic-log';

export interface DeliverySettings {
  maxBatchSize: number;
  retryBackoff: { initialMs: number; maxMs: number };
  onHandlerError(batch: Batch, error: unknown, retryInMs: number): void;
  onStopped(): void;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * One member of a consumer group: a loop that delivers batches of the partitions assigned to it,
 * one batch at a time, and sleeps until a publish, a rebalance, a retry time or `stop` wakes it.
 */
export class InProcessSubscription implements Subscription {
  private stopped = false;
  private stopping?: Promise<void>;
  private running: Promise<void> = Promise.resolve();
  /** A wake-up that arrived while the loop was busy, so that it is not lost. */
  private signalled = false;
  private waiter?: () => void;
  private retryTimer?: NodeJS.Timeout;
  /** Where the next search for work starts, so that a busy partition does not starve the others. */
  private cursor = 0;

  constructor(
    readonly options: SubscribeOptions,
    private readonly log: TopicLog,
    private readonly group: ConsumerGroup<InProcessSubscription>,
    private readonly settings: DeliverySettings,
  ) {}

  start(): void {
    const { fromBeginning, startOffsets } = this.options;
    const initial = (partition: number) => (fromBeginning ? 0 : this.log.endOffset(partition));
    const positions = new Map<number, number>();
    for (const [partition, offset] of startOffsets ?? []) {
      // Past the end is out of range; like Kafka, the partition then starts as it would unlisted.
      positions.set(partition, Number(offset) <= this.log.endOffset(partition) ? Number(offset) : initial(partition));
    }
    this.group.join(this, initial, positions);
    this.running = this.run();
  }

  /** Never delivers inside the caller's turn: publish returns before any handler runs. */
  wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) setImmediate(waiter);
    else this.signalled = true;
  }

  /** Lets the batch in flight finish and commit, then leaves the group. Do not await it inside `handleBatch`. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.stopped = true;
      this.wake();
      await this.running;
      clearTimeout(this.retryTimer);
      this.group.leave(this);
      this.settings.onStopped();
    })();
    return this.stopping;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const partition = this.claimPartition();
      if (partition === undefined) await this.idle();
      else {
        await this.deliver(partition);
        await nextTurn();
      }
    }
  }

  private idle(): Promise<void> {
    if (this.signalled) {
      this.signalled = false;
      return nextTurn();
    }
    return new Promise((resolve) => (this.waiter = resolve));
  }

  private claimPartition(): number | undefined {
    const partitions = this.group.assignment(this);
    const now = Date.now();
    let nextRetry = Infinity;
    for (let i = 0; i < partitions.length; i++) {
      const partition = partitions[(this.cursor + i) % partitions.length];
      if (this.group.position(partition) >= this.log.endOffset(partition)) continue;
      const retryAt = this.group.retryAt(partition);
      if (retryAt > now) {
        nextRetry = Math.min(nextRetry, retryAt);
        continue;
      }
      if (!this.group.tryAcquire(partition)) continue;
      this.cursor = (this.cursor + i + 1) % partitions.length;
      return partition;
    }
    if (nextRetry !== Infinity) {
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.wake(), nextRetry - now);
    }
    return undefined;
  }

  private async deliver(partition: number): Promise<void> {
    const offset = this.group.position(partition);
    const messages = this.log.read(partition, offset, this.settings.maxBatchSize);
    const batch: Batch = { topic: this.log.name, partition, messages, highWatermark: String(this.log.endOffset(partition)) };
    try {
      await Promise.resolve().then(() => this.options.handleBatch(batch));
      this.group.commit(partition, offset + messages.length);
    } catch (error) {
      const retryIn = this.group.fail(partition, Date.now(), this.settings.retryBackoff);
      this.settings.onHandlerError(batch, error, retryIn);
    } finally {
      this.group.release(partition);
    }
  }
}
