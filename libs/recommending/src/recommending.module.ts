import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { FilmCatalogue, FilmIndexProjection } from '@marquee/catalogue';
import { CACHE, EMBEDDER, type Cache, type Embedder } from '@marquee/domain';
import { newCacheStats } from './answers/answer-cache';
import { EventListingService } from './event-listing.service';
import { EventSearchService } from './event-search.service';
import { RelatedEventsService, type RecommendingOptions, type RelatedEventsOptions } from './related-events.service';

const SERVICE_OPTIONS = Symbol('RecommendingServiceOptions');

/**
 * Related events, search and the listing over this process's catalogue. It needs the catalogue and
 * its projection (`ReplicaModule`) and the cache and embedder (`InfrastructureModule`), all global.
 */
@Module({})
export class RecommendingModule {
  static register(options: RecommendingOptions): DynamicModule {
    return {
      module: RecommendingModule,
      global: true,
      providers: [
        {
          provide: SERVICE_OPTIONS,
          // One set of cache counters, so the hit ratio in metrics covers related events and search.
          inject: [EMBEDDER],
          useFactory: (embedder: Embedder): RelatedEventsOptions => ({
            ...options,
            logger: new Logger('Recommending'),
            cacheStats: newCacheStats(),
            queryWeights: embedder.queryWeights?.('related'),
          }),
        },
        {
          provide: RelatedEventsService,
          inject: [FilmCatalogue, FilmIndexProjection, CACHE, SERVICE_OPTIONS],
          useFactory: (catalogue: FilmCatalogue, projection: FilmIndexProjection, cache: Cache, serviceOptions: RelatedEventsOptions) =>
            new RelatedEventsService(catalogue, projection, cache, serviceOptions),
        },
        {
          provide: EventSearchService,
          inject: [FilmCatalogue, FilmIndexProjection, CACHE, EMBEDDER, SERVICE_OPTIONS],
          useFactory: (
            catalogue: FilmCatalogue,
            projection: FilmIndexProjection,
            cache: Cache,
            embedder: Embedder,
            serviceOptions: RelatedEventsOptions,
          ) => new EventSearchService(catalogue, projection, cache, embedder, serviceOptions),
        },
        {
          provide: EventListingService,
          inject: [FilmCatalogue],
          useFactory: (catalogue: FilmCatalogue) => new EventListingService(catalogue, options),
        },
      ],
      exports: [RelatedEventsService, EventSearchService, EventListingService],
    };
  }
}
