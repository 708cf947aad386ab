import { Histogram, type Registry } from 'prom-client';
import { scrapedCounter } from '@marquee/metrics';
import type { FilmIndexer, IndexerObserver } from './film-indexer';

/** Indexer outcome counters (advanced at scrape time) and the latency/batch-size histograms the indexer reports to. */
export const registerIndexerMetrics = (registry: Registry, indexer: () => FilmIndexer): IndexerObserver => {
  scrapedCounter(registry, {
    name: 'marquee_indexer_events_total',
    help: 'film-events handled by this indexer, by outcome',
    labelName: 'outcome',
    read: () => ({ ...indexer().counters }),
  });
  const embedSeconds = new Histogram({
    name: 'marquee_embed_seconds',
    help: 'Time to embed one batch of synopses',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const batchSize = new Histogram({
    name: 'marquee_indexer_batch_size',
    help: 'Messages per consumed batch',
    buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000],
    registers: [registry],
  });
  const batchSeconds = new Histogram({
    name: 'marquee_indexer_batch_seconds',
    help: 'Time to handle one consumed batch: validate, embed, publish to film-index and the dead-letter topic',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  return {
    batchHandled: (size, seconds) => {
      batchSize.observe(size);
      batchSeconds.observe(seconds);
    },
    embedded: (_count, seconds) => embedSeconds.observe(seconds),
  };
};
