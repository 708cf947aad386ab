import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { FilmCatalogue, FilmIndexProjection } from '@marquee/catalogue';
import { CatalogueSync } from './catalogue-sync';

/**
 * This process's copy of the catalogue: it reads the whole `film-index` topic into memory
 * (vector index + films), so replicas scale reads independently of each other and of the indexer.
 * With snapshots on, a restart restores the last snapshot and reads only the log after it.
 */
@Injectable()
export class CatalogueReplica implements OnModuleInit, OnModuleDestroy {
  constructor(
    readonly catalogue: FilmCatalogue,
    readonly projection: FilmIndexProjection,
    readonly sync: CatalogueSync,
  ) {}

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
