import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { FilmCatalogue, FilmIndexProjection } from '@marquee/catalogue';
import {
  EMBEDDER,
  EVENT_BUS,
  Topics,
  VECTOR_INDEX_FACTORY,
  type Embedder,
  type EventBus,
  type PersistentVectorIndex,
  type VectorIndexFactory,
} from '@marquee/domain';
import { CatalogueReplica } from './catalogue-replica';
import { CatalogueSync } from './catalogue-sync';

/** What `ReplicaModule.register` takes: `replicaSettings` of the configuration. */
export interface ReplicaOptions {
  /** Names this replica's consumer groups. */
  replicaId: string;
  /** Where and how often snapshots are written; undefined: none, every start reads the whole log. */
  snapshots?: { directory: string; intervalMs: number };
}

const REPLICA_INDEX = Symbol('ReplicaVectorIndex');

/**
 * A catalogue in step with `film-index`, restored from a snapshot when there is one: the
 * `FilmCatalogue` and its `FilmIndexProjection` for whoever reads films (the API, a CLI, an
 * analytics consumer), and the `CatalogueReplica` that keeps them current. Global, like the
 * infrastructure it needs: the event bus, the embedder (model id and dimension) and a vector
 * index factory (`VECTOR_INDEX_FACTORY`: which index is the infrastructure's choice).
 */
@Module({})
export class ReplicaModule {
  static register(options: ReplicaOptions): DynamicModule {
    const logger = new Logger(CatalogueReplica.name);
    return {
      module: ReplicaModule,
      global: true,
      providers: [
        {
          provide: REPLICA_INDEX,
          inject: [VECTOR_INDEX_FACTORY, EMBEDDER],
          useFactory: (create: VectorIndexFactory, embedder: Embedder) => create(embedder.dimension),
        },
        { provide: FilmCatalogue, inject: [REPLICA_INDEX], useFactory: (index: PersistentVectorIndex) => new FilmCatalogue(index) },
        {
          provide: FilmIndexProjection,
          inject: [FilmCatalogue, EMBEDDER],
          useFactory: (catalogue: FilmCatalogue, embedder: Embedder) => new FilmIndexProjection(catalogue, embedder.modelId, logger),
        },
        {
          provide: CatalogueSync,
          inject: [EVENT_BUS, EMBEDDER, FilmCatalogue, REPLICA_INDEX, FilmIndexProjection],
          useFactory: (
            bus: EventBus,
            embedder: Embedder,
            catalogue: FilmCatalogue,
            index: PersistentVectorIndex,
            projection: FilmIndexProjection,
          ) =>
            new CatalogueSync({
              bus,
              topic: Topics.filmIndex,
              // A group of its own on every start: what the replica holds is in memory (or in its snapshot), not in the group.
              groupId: () => `marquee-api-${options.replicaId}-${randomUUID()}`,
              catalogue,
              index,
              projection,
              model: { id: embedder.modelId, dimension: embedder.dimension },
              snapshots: options.snapshots,
              logger,
            }),
        },
        CatalogueReplica,
      ],
      exports: [FilmCatalogue, FilmIndexProjection, CatalogueReplica],
    };
  }
}
