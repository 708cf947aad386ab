import { Inject, Injectable } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';
import { METRICS_REGISTRY, scrapedCounter } from '@marquee/metrics';
import { RelatedEventsService } from '@marquee/recommending';
import { CatalogueReplica } from '@marquee/replica';

/** Replica gauges and counters, read from the replica and the answer cache when Prometheus scrapes. */
const registerCatalogueMetrics = (registry: Registry, replica: CatalogueReplica, related: RelatedEventsService): void => {
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  gauge('marquee_index_films', "Films in this replica's index", () => replica.catalogue.size());
  gauge('marquee_film_index_lag', 'film-index messages this replica has not applied yet', () => replica.projection.lag());
  scrapedCounter(registry, {
    name: 'marquee_film_index_rejected_total',
    help: 'film-index messages skipped as invalid or from another model',
    read: () => ({ '': replica.projection.rejectedCount }),
  });
  gauge(
    'marquee_snapshot_last_written_seconds',
    "Unix time of this replica's last snapshot (0: none yet)",
    () => (replica.sync.lastSnapshot?.writtenAt.getTime() ?? 0) / 1_000,
  );
  gauge(
    'marquee_snapshot_write_seconds',
    'How long writing the last snapshot took',
    () => (replica.sync.lastSnapshot?.durationMs ?? 0) / 1_000,
  );
  scrapedCounter(registry, {
    name: 'marquee_related_cache_requests_total',
    help: 'Related-events and search answers by cache outcome (hit, miss, error)',
    labelName: 'outcome',
    read: () => {
      const { hits, misses, errors } = related.cacheStats;
      return { hit: hits, miss: misses, error: errors };
    },
  });
};

@Injectable()
export class CatalogueMetrics {
  constructor(@Inject(METRICS_REGISTRY) registry: Registry, replica: CatalogueReplica, related: RelatedEventsService) {
    registerCatalogueMetrics(registry, replica, related);
  }
}
