import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { MarqueeConfig } from '@marquee/config';
import { EMBEDDER, EVENT_BUS, Topics, type Embedder, type EventBus, type Subscription } from '@marquee/domain';
import { filmEmbeddingText } from '@marquee/embedder';
import { FilmIndexer } from '@marquee/indexing';
import { MARQUEE_CONFIG, METRICS_REGISTRY } from '@marquee/infrastructure';
import type { Registry } from 'prom-client';
import { registerIndexerMetrics } from './indexer.metrics';

/** Consumes `film-events` in the indexer group: partitions spread the embedding work over replicas. */
@Injectable()
export class FilmEventsConsumer implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(FilmEventsConsumer.name);
  readonly indexer: FilmIndexer;
  private subscription: Subscription | undefined;

  constructor(
    @Inject(MARQUEE_CONFIG) private readonly config: MarqueeConfig,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(EMBEDDER) embedder: Embedder,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    const observer = registerIndexerMetrics(registry, () => this.indexer);
    this.indexer = new FilmIndexer({ embedder, bus, embeddingText: filmEmbeddingText, observer });
  }

  async onModuleInit(): Promise<void> {
    this.subscription = await this.bus.subscribe({
      topic: Topics.filmEvents,
      groupId: this.config.INDEXER_GROUP_ID,
      fromBeginning: true,
      handleBatch: (batch) => this.indexer.handleBatch(batch),
    });
    this.logger.log(`consuming ${Topics.filmEvents} as group ${this.config.INDEXER_GROUP_ID}`);
  }

  /** Stops fetching and lets the batch in flight finish and commit before the bus closes. */
  async onModuleDestroy(): Promise<void> {
    await this.subscription?.stop();
  }
}
