import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  EventListingService,
  FilmCatalogue,
  FilmIndexProjection,
  RelatedEventsService,
} from '@marquee/catalogue';
import type { MarqueeConfig } from '@marquee/config';
import { CACHE, EMBEDDER, EVENT_BUS, Topics, type Cache, type Embedder, type EventBus, type Subscription } from '@marquee/domain';
import { MARQUEE_CONFIG, METRICS_REGISTRY } from '@marquee/infrastructure';
import type { Registry } from 'prom-client';
import { registerCatalogueMetrics } from './catalogue.metrics';
import { HnswVectorIndex } from '@marquee/vector-index';

/**
 * This API replica's copy of the catalogue: it reads the whole `film-index` topic into memory
 * (HNSW index + films), so replicas scale reads independently of each other and of the indexer.
 */
@Injectable()
export class CatalogueReplica implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CatalogueReplica.name);
  readonly catalogue: FilmCatalogue;
  readonly projection: FilmIndexProjection;
  readonly listing: EventListingService;
  readonly related: RelatedEventsService;
  private subscription: Subscription | undefined;

  constructor(
    @Inject(MARQUEE_CONFIG) private readonly config: MarqueeConfig,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(EMBEDDER) embedder: Embedder,
    @Inject(CACHE) cache: Cache,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.catalogue = new FilmCatalogue(new HnswVectorIndex({ dimension: embedder.dimension }));
    this.projection = new FilmIndexProjection(this.catalogue, embedder.modelId, this.logger);
    this.listing = new EventListingService(this.catalogue);
    this.related = new RelatedEventsService(this.catalogue, this.projection, cache, {
      ttlSeconds: config.CACHE_TTL_SECONDS,
      maxScreeningsPerCard: 3,
      logger: this.logger,
    });
    registerCatalogueMetrics(registry, this);
  }

  async onModuleInit(): Promise<void> {
    this.projection.catchUpTo(await this.bus.endOffsets(Topics.filmIndex));
    // A group of its own on every start: the replica holds its state in memory, so it must read the whole log.
    const replica = this.config.API_REPLICA_ID ?? hostname();
    this.subscription = await this.bus.subscribe({
      topic: Topics.filmIndex,
      groupId: `marquee-api-${replica}-${randomUUID()}`,
      fromBeginning: true,
      handleBatch: (batch) => this.projection.handleBatch(batch),
    });
  }

  isReady(): boolean {
    return this.projection.isCaughtUp();
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.stop();
  }
}
