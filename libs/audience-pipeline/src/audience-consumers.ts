import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AggregateBuffer, AudienceAggregator, type TopicInteraction } from '@marquee/audience';
import {
  EVENT_BUS,
  Topics,
  UserErasureEventSchema,
  UserInteractionEventSchema,
  type Batch,
  type EventBus,
  type Subscription,
} from '@marquee/domain';
import { MessageConsumer } from '@marquee/messaging';
import { AUDIENCE_OPTIONS, type AudienceModuleOptions } from './audience-options';

/**
 * The audience app's consumers, in a group of their own: `user-interactions` into the aggregates
 * (parse → dead-letter through MessageConsumer, then the batch's valid interactions handed to the
 * AggregateBuffer, which applies the batches of many partitions in one update and lets each batch's
 * offsets be committed only once that update is in Redis), and `user-erasures`.
 */
@Injectable()
export class AudienceConsumers implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AudienceConsumers.name);
  readonly interactions: MessageConsumer<typeof UserInteractionEventSchema>;
  readonly erasures: MessageConsumer<typeof UserErasureEventSchema>;
  private subscription: Subscription | undefined;
  /** The valid interactions of each partition's batch being handled, applied together once it is parsed. */
  private readonly pending = new Map<number, TopicInteraction[]>();
  readonly buffer: AggregateBuffer;

  constructor(
    @Inject(AUDIENCE_OPTIONS) private readonly options: AudienceModuleOptions,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly aggregator: AudienceAggregator,
  ) {
    const common = { bus, retry: options.audience.retry, logger: this.logger };
    this.interactions = new MessageConsumer({
      ...common,
      topic: Topics.userInteractions,
      groupId: options.audience.groupId,
      deadLetterTopic: Topics.userInteractionsDeadLetter,
      schema: UserInteractionEventSchema,
      handle: async (event, message) => {
        this.pending.get(message.partition)?.push({ event, partition: message.partition, offset: Number(message.offset) });
      },
    });
    this.erasures = new MessageConsumer({
      ...common,
      topic: Topics.userErasures,
      groupId: `${options.audience.groupId}-erasures`,
      deadLetterTopic: Topics.userInteractionsDeadLetter,
      schema: UserErasureEventSchema,
      handle: (erasure) => this.aggregator.erase(erasure.userId, Date.parse(erasure.requestedAt)),
    });
    const { partitionsInParallel, flushMessages, flushIdleMs } = options.audience;
    this.buffer = new AggregateBuffer((events) => this.aggregator.add(events), {
      maxMessages: flushMessages,
      // Every batch kafkajs can hand over at once is waiting: no other comes before this flush.
      maxBatches: partitionsInParallel,
      idleMs: flushIdleMs,
    });
  }

  /** Interactions applied to the aggregates so far (redeliveries not counted). */
  get applied(): number {
    return this.buffer.applied;
  }

  /**
   * One batch: parsed and dead-lettered message by message, then resolves once its flush is applied
   * (so the bus commits its offsets only then); a failure redelivers it (the aggregates are idempotent).
   */
  async handleBatch(batch: Batch): Promise<void> {
    const events: TopicInteraction[] = [];
    this.pending.set(batch.partition, events);
    try {
      await this.interactions.handleBatch(batch);
    } finally {
      this.pending.delete(batch.partition);
    }
    await this.buffer.add(events);
  }

  async onModuleInit(): Promise<void> {
    await this.erasures.start();
    this.subscription = await this.bus.subscribe({
      topic: Topics.userInteractions,
      groupId: this.options.audience.groupId,
      fromBeginning: true,
      // A partition's batches come one after the other (kafkajs hands out a fetch's batches and
      // fetches again once they are all handled), so each partition has one pending list at a time.
      partitionsInParallel: this.options.audience.partitionsInParallel,
      handleBatch: (batch) => this.handleBatch(batch),
    });
    this.logger.log(`consuming ${Topics.userInteractions} as group ${this.options.audience.groupId}`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.stop();
    await this.erasures.stop();
  }
}
