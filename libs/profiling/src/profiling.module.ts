import { Module, type DynamicModule } from '@nestjs/common';
import { CatalogueReplica } from '@marquee/replica';
import { FILM_VECTORS, type FilmVectors } from './profiler';
import { PROFILING_OPTIONS, ProfilingConsumer, type ProfilingOptions } from './profiling.consumer';

/**
 * The profiler's consumers, hosted by `apps/profiler` and by the embedded API. It needs
 * InfrastructureModule (bus, profile store) and ReplicaModule (film vectors), both global.
 */
@Module({})
export class ProfilingModule {
  static register(options: ProfilingOptions): DynamicModule {
    return {
      module: ProfilingModule,
      providers: [
        { provide: PROFILING_OPTIONS, useValue: options },
        {
          provide: FILM_VECTORS,
          inject: [CatalogueReplica],
          useFactory: (replica: CatalogueReplica): FilmVectors => ({
            vectorOf: (filmId) => replica.catalogue.index.vectorOf(filmId),
            isReady: () => replica.isReady(),
          }),
        },
        ProfilingConsumer,
      ],
      exports: [ProfilingConsumer],
    };
  }
}
