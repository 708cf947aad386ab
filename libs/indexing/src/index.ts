export { FilmEventsConsumer, type FilmIndexingOptions } from './film-events.consumer';
export { FilmIndexLedger, type IndexedFilmState } from './film-index-ledger';
export { FilmIndexer, type FilmIndexerOptions, type IndexerCounters, type IndexerObserver } from './film-indexer';
export { FilmIndexingModule } from './film-indexing.module';
