import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { EVENT_BUS, Topics, UserErasureEventSchema, UserInteractionEventSchema, type EventBus } from '@marquee/domain';
import { MessageConsumer, type RetryPolicy } from '@marquee/messaging';
import { CollaborativeModel, type CollaborativeModelOptions } from './collaborative-model.service';
import { COLLABORATIVE_STORE, type CollaborativeStore } from './collaborative-store.port';

/** What `CollaborativeModule.register` takes: `collaborativeSettings` of the configuration, and this process's role. */
export interface CollaborativeModuleOptions extends CollaborativeModelOptions {
  groupId: string;
  retry: RetryPolicy;
  /** Consume `user-interactions` and `user-erasures` into the store and refit the model (the profiler, the embedded API). */
  learns: boolean;
}

export const COLLABORATIVE_MODULE_OPTIONS = Symbol('CollaborativeModuleOptions');

/**
 * Runs the collaborative signal in this process. A learning process consumes `user-interactions` in
 * a group of its own (bad messages to `user-interactions.dlq` with the reason) and `user-erasures`
 * (the store keeps a tombstone, so a replay never brings an erased user back), and refits the model
 * every `refreshIntervalMs`; the others reload the stored model as often.
 */
@Injectable()
export class CollaborativeRunner implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Collaborative');
  private readonly consumers: { start(): Promise<void>; stop(): Promise<void> }[] = [];

  constructor(
    @Inject(COLLABORATIVE_MODULE_OPTIONS) private readonly options: CollaborativeModuleOptions,
    @Inject(EVENT_BUS) bus: EventBus,
    @Inject(COLLABORATIVE_STORE) private readonly store: CollaborativeStore,
    readonly model: CollaborativeModel,
  ) {
    if (!options.learns) return;
    const common = {
      bus,
      deadLetterTopic: Topics.userInteractionsDeadLetter,
      retry: options.retry,
      logger: this.logger,
      // A store outage fails the batch (delivered again later) rather than dead-lettering interactions.
      dependenciesWork: () =>
        store.ping().then(
          () => true,
          () => false,
        ),
    };
    this.consumers.push(
      new MessageConsumer({
        ...common,
        topic: Topics.userInteractions,
        groupId: options.groupId,
        schema: UserInteractionEventSchema,
        handle: (event) => model.record([event]),
      }),
      new MessageConsumer({
        ...common,
        topic: Topics.userErasures,
        groupId: `${options.groupId}-erasures`,
        schema: UserErasureEventSchema,
        check: (event, message) =>
          message.key !== null && message.key !== event.userId ? `key ${message.key} is not the erased user id` : undefined,
        handle: (event) => model.erase(event.userId, new Date(event.requestedAt)),
      }),
    );
  }

  async onModuleInit(): Promise<void> {
    await this.model.reload().catch((error: unknown) => this.logger.warn(`no stored collaborative model yet: ${String(error)}`));
    for (const consumer of this.consumers) await consumer.start();
    this.model.start({ learns: this.options.learns });
  }

  async onModuleDestroy(): Promise<void> {
    await this.model.stop();
    for (const consumer of this.consumers) await consumer.stop();
  }
}
