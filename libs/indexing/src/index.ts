export * from './dead-letter';
export * from './film-index-ledger';
export * from './film-indexer';
export * from './message-rejection';
export * from './retry';
