import type { LoggerPort, SubscribeOptions, Subscription } from '@marquee/domain';
import type { Consumer, ConsumerConfig, EachBatchPayload, Kafka } from 'kafkajs';
import { withDetails } from './bus-logger';
import { toIncomingMessage } from './kafka-message';

/**
 * Thrown to kafkajs in place of a handler's error. kafkajs gives up on errors it deems
 * unrecoverable (a TypeError, say) and leaves the consumer dead; marked retriable, the batch is
 * retried with backoff and, once the retries are spent, the consumer restarts and tries again.
 */
export class BatchHandlerError extends Error {
  override readonly name = 'BatchHandlerError';
  readonly retriable = true;

  constructor(
    readonly topic: string,
    readonly partition: number,
    cause: unknown,
  ) {
    super(`handling a batch of ${topic}[${partition}] failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

export interface KafkaSubscriptionContext {
  logger: LoggerPort;
  heartbeatInterval: number;
  onStopped(): void;
}

/**
 * A group request the coordinator refused as invalid in the group's state, which kafkajs deems fatal.
 * The librdkafka mock cluster answers so to a follower whose SyncGroup comes after the leader's (a
 * broker hands it its assignment); joining again is the remedy. (`leaderSyncsLast` makes it rare.)
 */
const isRefusedGroupRequest = (error: Error & { type?: string }): boolean =>
  error.name === 'KafkaJSProtocolError' && error.type === 'INVALID_REQUEST';

/** kafkajs' own wait before restarting a crashed consumer, when the crash does not name one. */
const DEFAULT_RESTART_DELAY_MS = 300;

/**
 * One kafkajs consumer running one subscription.
 *
 * Restarts after a crash are this class's, not kafkajs': kafkajs restarts from a timer of its own,
 * and a run of the consumer that is still joining its group when the consumer is disconnected joins
 * anyway and fetches (and heartbeats) on, out of reach. Here every run is known, so stopping
 * waits for a run that is joining and disconnects it once it has joined.
 */
export class KafkaSubscription implements Subscription {
  private readonly consumer: Consumer;
  private stopping?: Promise<void>;
  /** Ends a `start` still waiting for the first fetch when the subscription is stopped first. */
  private abortStart?: (error: Error) => void;
  /** A run of the consumer that has not joined its group yet (kafkajs' `run` resolves once joined). */
  private joining?: Promise<void>;
  /** The restart after a crash, until it runs. */
  private restartTimer?: NodeJS.Timeout;

  constructor(
    kafka: Kafka,
    config: Omit<ConsumerConfig, 'groupId' | 'retry'>,
    private readonly options: SubscribeOptions,
    private readonly context: KafkaSubscriptionContext,
  ) {
    this.consumer = kafka.consumer({
      ...config,
      groupId: options.groupId,
      // Asked only about crashes kafkajs deems retriable, after it disconnected the consumer.
      retry: {
        retries: 5,
        restartOnFailure: async (error) => {
          this.restartLater(error);
          return false;
        },
      },
    });
    // Registered first, so the listeners of `start` see the restart already planned.
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || !isRefusedGroupRequest(payload.error) || this.stopping) return;
      const { topic, groupId } = options;
      this.context.logger.warn(withDetails('Kafka group coordinator refused a request; joining the group again', { topic, groupId }));
      this.restartLater(payload.error);
    });
  }

  /**
   * Resolves once the consumer has joined its group and completed a first fetch. Only then are
   * its start offsets resolved, so a message published after `subscribe` resolves is not missed
   * by a `fromBeginning: false` subscription.
   */
  async start(): Promise<void> {
    const { consumer, options } = this;
    const { topic, groupId, fromBeginning } = options;
    let removeListeners: (() => void)[] = [];
    const positioned = new Promise<void>((resolve, reject) => {
      this.abortStart = reject;
      removeListeners = [
        consumer.on(consumer.events.FETCH, () => resolve()),
        consumer.on(consumer.events.CRASH, ({ payload }) => {
          if (!this.restartTimer) reject(payload.error);
        }),
      ];
    });
    // It may settle while connect is still pending; it is awaited below.
    positioned.catch(() => undefined);
    this.seekOnFirstJoin();
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (this.restartTimer || this.stopping) return;
      this.context.logger.error(withDetails('Kafka consumer stopped for good', { topic, groupId, error: payload.error }));
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning });
      // A stop that came during connect must not be followed by a consumer that runs anyway.
      if (this.stopping) return await positioned;
      await this.run();
      await positioned;
    } finally {
      this.abortStart = undefined;
      for (const remove of removeListeners) remove();
    }
  }

  /** Lets the batch in flight finish (kafkajs commits it before leaving the group), then disconnects. */
  stop(): Promise<void> {
    this.abortStart?.(new Error(`the subscription to ${this.options.topic} was stopped before it started`));
    this.stopping ??= this.disconnect().finally(() => this.context.onStopped());
    return this.stopping;
  }

  /**
   * A run still joining cannot be stopped: kafkajs' disconnect would forget it and it would fetch
   * on once joined. So a join under way is waited for (it joins, or crashes and is not restarted).
   */
  private async disconnect(): Promise<void> {
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    await this.joining?.catch(() => undefined);
    await this.consumer.disconnect();
  }

  private run(): Promise<void> {
    const run = this.consumer.run({
      eachBatchAutoResolve: false,
      autoCommitThreshold: 1,
      partitionsConsumedConcurrently: this.options.partitionsInParallel ?? 1,
      eachBatch: (payload) => this.eachBatch(payload),
    });
    const joining = run.finally(() => {
      if (this.joining === joining) this.joining = undefined;
    });
    this.joining = joining;
    return joining;
  }

  /** Runs the consumer again after the wait kafkajs would have used, unless the subscription is stopping by then. */
  private restartLater(error: Error & { retryTime?: number }): void {
    if (this.stopping) return;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.stopping) return;
      this.run().catch((failure: unknown) =>
        this.context.logger.error(
          withDetails('Kafka consumer failed to restart', { topic: this.options.topic, groupId: this.options.groupId, error: failure }),
        ),
      );
    }, error.retryTime ?? DEFAULT_RESTART_DELAY_MS);
  }

  /**
   * kafkajs applies seeks in its fetch loop, which starts right after the group is joined; seeking
   * from the (synchronous) join event means no fetch from the committed offsets comes first. Only
   * the first join: afterwards the group's committed offsets are already past the start offsets.
   */
  private seekOnFirstJoin(): void {
    const { topic, startOffsets } = this.options;
    if (!startOffsets?.size) return;
    const removeListener = this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      removeListener();
      for (const [partition, offset] of startOffsets) this.consumer.seek({ topic, partition, offset });
    });
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const messages = batch.messages.map((message) => toIncomingMessage(topic, partition, message));
    if (messages.length === 0) return;
    // A slow batch (embedding, say) must not outlast the session timeout and cost a rebalance.
    const keepAlive = setInterval(() => heartbeat().catch(() => undefined), this.context.heartbeatInterval);
    try {
      await this.options.handleBatch({ topic, partition, messages, highWatermark: batch.highWatermark });
    } catch (error) {
      const failure = new BatchHandlerError(topic, partition, error);
      this.context.logger.warn(
        withDetails(`${failure.message}; it will be delivered again`, {
          groupId: this.options.groupId,
          offsets: `${batch.firstOffset()}..${batch.lastOffset()}`,
        }),
      );
      throw failure;
    } finally {
      clearInterval(keepAlive);
    }
    resolveOffset(messages[messages.length - 1].offset);
    await commitOffsetsIfNecessary();
    await heartbeat();
  }
}
