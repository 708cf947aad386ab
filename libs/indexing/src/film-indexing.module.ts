import { Module, type DynamicModule } from '@nestjs/common';
import { FILM_INDEXING_OPTIONS, FilmEventsConsumer, type FilmIndexingOptions } from './film-events.consumer';

/**
 * The indexer's consumer of `film-events`, hosted by `apps/indexer` and by the embedded API.
 * It needs InfrastructureModule (bus, embedder, embedding text) and MetricsModule, both global.
 */
@Module({})
export class FilmIndexingModule {
  static register(options: FilmIndexingOptions): DynamicModule {
    return {
      module: FilmIndexingModule,
      providers: [{ provide: FILM_INDEXING_OPTIONS, useValue: options }, FilmEventsConsumer],
      exports: [FilmEventsConsumer],
    };
  }
}
