import { Module } from '@nestjs/common';
import { FilmEventsConsumer } from './film-events.consumer';

/** The indexer's wiring; it needs InfrastructureModule (global) from the root module. */
@Module({ providers: [FilmEventsConsumer], exports: [FilmEventsConsumer] })
export class IndexerModule {}
