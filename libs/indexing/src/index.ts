export * from './dead-letter';
export * from './film-indexer';
