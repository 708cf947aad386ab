export { METRICS_REGISTRY, MetricsModule } from './metrics.module';
export { scrapedCounter } from './scraped-counter';
