import type { z } from 'zod';
import type { Batch, EventBus, IncomingMessage, LoggerPort, Subscription } from '@marquee/domain';
import { retryingAttempts, type Attempts } from './attempts';
import { DeadLetterer } from './dead-letterer';
import { parseMessage, type MessageCheck, type RejectedMessage } from './parse-message';
import { describeError, type RetryPolicy } from './retry';

/** Thrown by a handler that cannot use a valid message (it names a film that does not exist, say): it is dead-lettered with this reason. */
export class MessageRejectedError extends Error {
  override readonly name = 'MessageRejectedError';
}

export interface MessageConsumerOptions<S extends z.ZodType> {
  bus: EventBus;
  topic: string;
  groupId: string;
  /** Where refused messages go, with their original bytes and the reason (e.g. `user-interactions.dlq`). */
  deadLetterTopic: string;
  /** The topic's contract: the one schema producers and the HTTP edge validate against too. */
  schema: S;
  /** What the schema cannot see (the key, say): why a message is refused, or undefined. */
  check?: MessageCheck<z.infer<S>>;
  /**
   * Handles one valid message. Delivery is at least once: after a failure, a restart or a
   * rebalance a message comes again, so the effect must be idempotent (the message's topic,
   * partition and offset name it; a message id in the value does too). Throwing
   * `MessageRejectedError` dead-letters the message at once; any other failure is tried again.
   */
  handle(value: z.infer<S>, message: IncomingMessage): Promise<void>;
  retry: RetryPolicy;
  /**
   * Asked when a message still fails once its tries are spent: whether what the handler depends
   * on works (a store answers a ping). Yes: the message is to blame and is dead-lettered. No: an
   * outage, the batch fails and is delivered again later, nothing is dead-lettered. Without it
   * the message is always blamed, so that no message can hold up its partition.
   */
  dependenciesWork?: () => Promise<boolean>;
  logger: LoggerPort;
  /** Where a new group starts (default: the beginning of the topic). */
  fromBeginning?: boolean;
  partitionsInParallel?: number;
  /**
   * Messages of up to this many different keys of one batch are handled at the same time (default 1:
   * one after the other); messages with the same key are always handled in order. For consumers whose
   * effects are per key (a user's profile), so that IO for different keys overlaps.
   */
  keysInParallel?: number;
  clock?: () => Date;
}

export interface MessageConsumerCounters {
  consumed: number;
  handled: number;
  deadLettered: number;
  /** Handlings and dead-letter publishes tried again after a failure. */
  retried: number;
}

/**
 * The consumer shape every topic of Marquee shares: parse (one zod schema) → handle →
 * dead-letter with the reason. A bad message never stops its partition: it is dead-lettered and
 * the consumer moves on; an outage fails the batch, which the bus delivers again. A batch resolves
 * (and its offsets are committed) only once its dead letters are acknowledged.
 */
export class MessageConsumer<S extends z.ZodType> {
  readonly counters: MessageConsumerCounters = { consumed: 0, handled: 0, deadLettered: 0, retried: 0 };
  private readonly stopping = new AbortController();
  private readonly attempts: Attempts;
  private readonly deadLetters: DeadLetterer;
  private subscription: Subscription | undefined;

  constructor(private readonly options: MessageConsumerOptions<S>) {
    this.attempts = retryingAttempts(options.retry, {
      signal: this.stopping.signal,
      logger: options.logger,
      retriable: (error) => !(error instanceof MessageRejectedError),
      onRetry: () => (this.counters.retried += 1),
    });
    this.deadLetters = new DeadLetterer({
      bus: options.bus,
      topic: options.deadLetterTopic,
      attempts: this.attempts,
      logger: options.logger,
    });
  }

  async start(): Promise<void> {
    const { bus, topic, groupId, fromBeginning = true, partitionsInParallel } = this.options;
    this.subscription = await bus.subscribe({
      topic,
      groupId,
      fromBeginning,
      partitionsInParallel,
      handleBatch: (batch) => this.handleBatch(batch),
    });
  }

  /** Ends retrying (a batch waiting on a failing dependency rejects, to be delivered again), then lets the batch in flight finish. */
  async stop(): Promise<void> {
    this.stopping.abort(new Error(`the consumer of ${this.options.topic} is stopping`));
    await this.subscription?.stop();
  }

  /** One batch of one partition, message by message in order (also what `start` subscribes with). */
  async handleBatch(batch: Batch): Promise<void> {
    const { schema, check, clock = () => new Date() } = this.options;
    const refusals = new Map<IncomingMessage, string>();
    let handled = 0;
    const handleInOrder = async (messages: readonly IncomingMessage[]): Promise<void> => {
      for (const message of messages) {
        const parsed = parseMessage(schema, message, check);
        const refusal = parsed.ok ? await this.handle(parsed.value, message) : parsed.reason;
        if (refusal === undefined) handled += 1;
        else refusals.set(message, refusal);
      }
    };
    const keysInParallel = this.options.keysInParallel ?? 1;
    if (keysInParallel <= 1) await handleInOrder(batch.messages);
    else {
      const byKey = new Map<string | null, IncomingMessage[]>();
      for (const message of batch.messages) {
        const messages = byKey.get(message.key);
        if (messages) messages.push(message);
        else byKey.set(message.key, [message]);
      }
      const queue = [...byKey.values()];
      const worker = async (): Promise<void> => {
        for (let next = queue.shift(); next; next = queue.shift()) await handleInOrder(next);
      };
      // Every worker ends before the batch fails (an outage): none is still writing when the batch comes again.
      const outcomes = await Promise.allSettled(Array.from({ length: Math.min(keysInParallel, queue.length) }, worker));
      const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (failed) throw failed.reason;
    }
    // Dead letters in the order of the batch, whatever order the keys were handled in.
    const rejected: RejectedMessage[] = batch.messages.flatMap((message) => {
      const reason = refusals.get(message);
      return reason === undefined ? [] : [{ message, reason }];
    });
    await this.deadLetters.send(rejected, clock());
    this.counters.consumed += batch.messages.length;
    this.counters.handled += handled;
    this.counters.deadLettered += rejected.length;
  }

  /** Undefined once handled; why the message is refused when it is to blame; throws on an outage. */
  private async handle(value: z.infer<S>, message: IncomingMessage): Promise<string | undefined> {
    const what = `handling ${message.topic}[${message.partition}]@${message.offset}`;
    try {
      await this.attempts.run(what, () => this.options.handle(value, message));
      return undefined;
    } catch (error) {
      if (error instanceof MessageRejectedError) return error.message;
      if (this.attempts.stopped()) throw error;
      if (this.options.dependenciesWork && !(await this.options.dependenciesWork())) throw error;
      return `handling failed after ${this.attempts.tries} tries: ${describeError(error)}`;
    }
  }
}
