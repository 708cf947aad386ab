export * from './infrastructure.module';
export * from './metrics/metrics.module';
export * from './tokens';
export * from './metrics/scraped-counter';
