export { MetricsModule } from './metrics.module';
export { METRICS_REGISTRY } from './metrics.registry';
export { MetricsServer } from './metrics.server';
export { scrapedCounter } from './scraped-counter';
