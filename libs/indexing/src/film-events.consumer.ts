import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Registry } from 'prom-client';
import {
  EMBEDDER,
  EVENT_BUS,
  FILM_EMBEDDING_TEXT,
  Topics,
  type Embedder,
  type EventBus,
  type FilmEmbeddingText,
  type Subscription,
} from '@marquee/domain';
import type { RetryPolicy } from '@marquee/messaging';
import { METRICS_REGISTRY } from '@marquee/metrics';
import { FilmIndexLedger } from './film-index-ledger';
import { FilmIndexer } from './film-indexer';
import { registerIndexerMetrics } from './indexer.metrics';

/** What `FilmIndexingModule.register` takes: `indexingSettings` of the configuration. */
export interface FilmIndexingOptions {
  /** The indexer group: its members share the film-events partitions. */
  groupId: string;
  /** film-events partitions handled at once. */
  partitionsInParallel: number;
  retry: RetryPolicy;
}

export const FILM_INDEXING_OPTIONS = Symbol('FilmIndexingOptions');

const CATCH_UP_TIMEOUT_MS = 60_000;

/**
 * Consumes `film-events` in the indexer group: partitions spread the embedding work over replicas.
 * Alongside, it reads `film-index` from the beginning into the indexer's ledger, so that after a
 * restart or a rebalance it knows what is indexed already (versions, content hashes, vectors).
 *
 * Rebalances lose no work: kafkajs lets the batch in flight run to its end while the group
 * rebalances; the batch is published, then its offsets are committed, which the coordinator still
 * accepts from the old generation. Batches fetched but not started are dropped uncommitted and go to
 * the partition's next owner. Should a batch outlast the rebalance timeout, its commit fails and the
 * next owner gets it again; that owner catches up with film-index before its first batch of the
 * partition (see `FilmIndexer`), so it republishes nothing and re-embeds nothing.
 */
@Injectable()
export class FilmEventsConsumer implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(FilmEventsConsumer.name);
  readonly ledger = new FilmIndexLedger();
  readonly indexer: FilmIndexer;
  private events: Subscription | undefined;
  private ledgerReader: Subscription | undefined;

  constructor(
    @Inject(FILM_INDEXING_OPTIONS) private readonly options: FilmIndexingOptions,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(EMBEDDER) embedder: Embedder,
    @Inject(FILM_EMBEDDING_TEXT) embeddingText: FilmEmbeddingText,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    const observer = registerIndexerMetrics(registry, () => this.indexer);
    this.indexer = new FilmIndexer({
      embedder,
      bus,
      embeddingText,
      ledger: this.ledger,
      // Bounded: should the film-index reader be stuck, the batch fails (and is delivered again) rather than hang.
      catchUp: async (signal) =>
        this.ledger.waitUntilRead(
          await this.bus.endOffsets(Topics.filmIndex),
          AbortSignal.any([signal, AbortSignal.timeout(CATCH_UP_TIMEOUT_MS)]),
        ),
      retry: options.retry,
      observer,
      logger: this.logger,
    });
  }

  /** Both groups take a while to form, so they join together; film-events batches wait for the ledger anyway. */
  async onModuleInit(): Promise<void> {
    const group = this.options.groupId;
    const [ledgerReader, events] = await Promise.allSettled([
      this.bus.subscribe({
        topic: Topics.filmIndex,
        // A group of its own on every start: the ledger lives in memory, so it reads the whole log.
        groupId: `${group}-ledger-${randomUUID()}`,
        fromBeginning: true,
        handleBatch: (batch) => this.ledger.handleBatch(batch),
      }),
      this.bus.subscribe({
        topic: Topics.filmEvents,
        groupId: group,
        fromBeginning: true,
        partitionsInParallel: this.options.partitionsInParallel,
        handleBatch: (batch) => this.indexer.handleBatch(batch),
      }),
    ]);
    this.ledgerReader = ledgerReader.status === 'fulfilled' ? ledgerReader.value : undefined;
    this.events = events.status === 'fulfilled' ? events.value : undefined;
    const failed = [ledgerReader, events].find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await this.onModuleDestroy();
      throw failed.reason;
    }
    this.logger.log(`consuming ${Topics.filmEvents} as group ${group}`);
  }

  /**
   * Runs before the bus, cache and embedder close (InfrastructureModule closes them on application
   * shutdown): a batch stuck retrying a failing dependency gives up (it is delivered again after the
   * restart), the batch in flight otherwise finishes and is committed, then the consumers leave.
   */
  async onModuleDestroy(): Promise<void> {
    this.indexer.stopRetrying();
    await this.events?.stop();
    await this.ledgerReader?.stop();
    const counts = Object.entries(this.indexer.counters).map(([outcome, count]) => `${outcome} ${count}`);
    this.logger.log(`stopped consuming ${Topics.filmEvents}: ${counts.join(', ')}`);
  }
}
