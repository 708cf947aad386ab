import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  CatalogueSync,
  EventListingService,
  EventSearchService,
  FilmCatalogue,
  FilmIndexProjection,
  newCacheStats,
  RelatedEventsService,
} from '@marquee/catalogue';
import { snapshotDirectory, type MarqueeConfig } from '@marquee/config';
import { CACHE, EMBEDDER, EVENT_BUS, Topics, type Cache, type Embedder, type EventBus } from '@marquee/domain';
import { MARQUEE_CONFIG, METRICS_REGISTRY } from '@marquee/infrastructure';
import type { Registry } from 'prom-client';
import { registerCatalogueMetrics } from './catalogue.metrics';
import { recommendationOptions } from './recommendation-options';
import { HnswVectorIndex } from '@marquee/vector-index';

/**
 * This API replica's copy of the catalogue: it reads the whole `film-index` topic into memory
 * (HNSW index + films), so replicas scale reads independently of each other and of the indexer.
 * With snapshots on, a restart restores the last snapshot and reads only the log after it.
 */
@Injectable()
export class CatalogueReplica implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CatalogueReplica.name);
  readonly catalogue: FilmCatalogue;
  readonly projection: FilmIndexProjection;
  readonly listing: EventListingService;
  readonly related: RelatedEventsService;
  readonly search: EventSearchService;
  readonly sync: CatalogueSync;

  constructor(
    @Inject(MARQUEE_CONFIG) config: MarqueeConfig,
    @Inject(EVENT_BUS) bus: EventBus,
    @Inject(EMBEDDER) embedder: Embedder,
    @Inject(CACHE) cache: Cache,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    const index = new HnswVectorIndex({ dimension: embedder.dimension });
    this.catalogue = new FilmCatalogue(index);
    this.projection = new FilmIndexProjection(this.catalogue, embedder.modelId, this.logger);
    this.listing = new EventListingService(this.catalogue);
    // One set of cache counters, so the hit ratio in metrics covers related events and search.
    const recommending = { ...recommendationOptions(config, this.logger), cacheStats: newCacheStats() };
    this.related = new RelatedEventsService(this.catalogue, this.projection, cache, recommending);
    this.search = new EventSearchService(this.catalogue, this.projection, cache, embedder, recommending);
    const directory = snapshotDirectory(config);
    const replica = config.API_REPLICA_ID ?? hostname();
    this.sync = new CatalogueSync({
      bus,
      topic: Topics.filmIndex,
      // A group of its own on every start: what the replica holds is in memory (or in its snapshot), not in the group.
      groupId: () => `marquee-api-${replica}-${randomUUID()}`,
      catalogue: this.catalogue,
      index,
      projection: this.projection,
      model: { id: embedder.modelId, dimension: embedder.dimension },
      snapshots: directory === undefined ? undefined : { directory, intervalMs: config.SNAPSHOT_INTERVAL_SECONDS * 1_000 },
      logger: this.logger,
    });
    registerCatalogueMetrics(registry, this);
  }

  /** Quick: restoring a snapshot and joining film-index go on in the background while HTTP is served (not ready yet). */
  async onModuleInit(): Promise<void> {
    await this.sync.start();
  }

  isReady(): boolean {
    return this.sync.isReady();
  }

  /** On SIGTERM (shutdown hooks): finish the batch in flight, then write a last snapshot. */
  async onModuleDestroy(): Promise<void> {
    await this.sync.stop();
  }
}
