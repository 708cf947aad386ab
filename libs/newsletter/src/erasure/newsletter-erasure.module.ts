import { Inject, Injectable, Logger, Module, type DynamicModule, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { EVENT_BUS, Topics, UserErasureEventSchema, type EventBus } from '@marquee/domain';
import { MessageConsumer, type RetryPolicy } from '@marquee/messaging';
import type { EditionLedger } from '../ports/edition-ledger.port';
import { editionLedgerFor, type NewsletterStoreOptions } from '../newsletter-stores';
import { FileNewsletterSink } from '../sinks/file-newsletter-sink';
import { TopicNewsletterSink } from '../sinks/topic-newsletter-sink';
import { NewsletterErasure } from './newsletter-erasure';

export interface NewsletterErasureOptions extends NewsletterStoreOptions {
  groupId: string;
  retry: RetryPolicy;
  /** Whether newsletters go to the `newsletters` topic here (Kafka): erasure then publishes a tombstone for the user. */
  publishesToTopic: boolean;
}

const OPTIONS = Symbol('NewsletterErasureOptions');

/** Consumes `user-erasures` (its own group, from the beginning: also on replay) and erases the user's newsletters. */
@Injectable()
export class NewsletterErasureConsumer implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(NewsletterErasureConsumer.name);
  private readonly ledger: EditionLedger;
  readonly erasure: NewsletterErasure;
  readonly consumer: MessageConsumer<typeof UserErasureEventSchema>;

  constructor(@Inject(OPTIONS) options: NewsletterErasureOptions, @Inject(EVENT_BUS) bus: EventBus) {
    this.ledger = editionLedgerFor(options);
    const sinks = [new FileNewsletterSink(options.outDirectory), ...(options.publishesToTopic ? [new TopicNewsletterSink(bus)] : [])];
    this.erasure = new NewsletterErasure(this.ledger, sinks);
    this.consumer = new MessageConsumer({
      bus,
      topic: Topics.userErasures,
      groupId: options.groupId,
      deadLetterTopic: Topics.userInteractionsDeadLetter,
      schema: UserErasureEventSchema,
      retry: options.retry,
      logger: this.logger,
      handle: (erasure) => this.erasure.erase(erasure.userId),
    });
  }

  async onModuleInit(): Promise<void> {
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
    await this.ledger.close();
  }
}

@Module({})
export class NewsletterErasureModule {
  static register(options: NewsletterErasureOptions): DynamicModule {
    return {
      module: NewsletterErasureModule,
      providers: [{ provide: OPTIONS, useValue: options }, NewsletterErasureConsumer],
      exports: [NewsletterErasureConsumer],
    };
  }
}
