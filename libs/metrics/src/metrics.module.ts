import { Global, Module } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { METRICS_REGISTRY } from './metrics.registry';
import { MetricsServer } from './metrics.server';

/**
 * This process's Prometheus registry (one per app, so several apps can share a process in tests)
 * and the server that exposes it on METRICS_PORT, started by `listen` of @marquee/http.
 */
@Global()
@Module({
  providers: [
    {
      provide: METRICS_REGISTRY,
      useFactory: () => {
        const registry = new Registry();
        collectDefaultMetrics({ register: registry, prefix: 'marquee_' });
        return registry;
      },
    },
    MetricsServer,
  ],
  exports: [METRICS_REGISTRY, MetricsServer],
})
export class MetricsModule {}
