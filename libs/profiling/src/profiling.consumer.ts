import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  EVENT_BUS,
  Topics,
  UserErasureEventSchema,
  UserInteractionEventSchema,
  type Batch,
  type EventBus,
  type Subscription,
} from '@marquee/domain';
import { MessageConsumer, type RetryPolicy } from '@marquee/messaging';
import { PROFILE_STORE, type ProfileOptions, type ProfileStore } from '@marquee/profiles';
import { FILM_VECTORS, Profiler, type FilmVectors } from './profiler';

/** What `ProfilingModule.register` takes: `profilerSettings` of the configuration. */
export interface ProfilingOptions {
  /** The profiler group: its members share the user-interactions partitions (one user is one partition). */
  groupId: string;
  partitionsInParallel: number;
  /** Users of one batch whose interactions are applied at the same time (one user's always in order). */
  usersInParallel: number;
  retry: RetryPolicy;
  profile: ProfileOptions;
}

export const PROFILING_OPTIONS = Symbol('ProfilingOptions');

const READY_POLL_MS = 50;

const abortable = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * The profiler: consumes `user-interactions` in its group into profiles (bad messages to
 * `user-interactions.dlq` with the reason), and `user-erasures` from the beginning on every start
 * (a compacted topic, one message per erased user) before the first interaction, so that a replay of
 * the interactions never rebuilds an erased user even on an empty store. Bad erasure messages share the
 * interactions' dead-letter topic (its headers name the source topic). Film vectors come from this
 * process's catalogue replica; interactions wait for it to catch up with film-index.
 */
@Injectable()
export class ProfilingConsumer implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Profiler');
  readonly profiler: Profiler;
  readonly interactions: MessageConsumer<typeof UserInteractionEventSchema>;
  readonly erasures: MessageConsumer<typeof UserErasureEventSchema>;
  private erasureReader: Subscription | undefined;
  private readonly stopping = new AbortController();
  private starting: Promise<void> | undefined;
  /** Next erasure offset to read, per partition. */
  private readonly erasurePositions = new Map<number, bigint>();

  constructor(
    @Inject(PROFILING_OPTIONS) private readonly options: ProfilingOptions,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(PROFILE_STORE) private readonly store: ProfileStore,
    @Inject(FILM_VECTORS) private readonly vectors: FilmVectors,
  ) {
    this.profiler = new Profiler(store, vectors, options.profile);
    const common = {
      bus,
      deadLetterTopic: Topics.userInteractionsDeadLetter,
      retry: options.retry,
      logger: this.logger,
      // A profile store outage fails the batch (delivered again later) rather than dead-lettering interactions.
      dependenciesWork: () =>
        this.store.ping().then(
          () => true,
          () => false,
        ),
    };
    this.interactions = new MessageConsumer({
      ...common,
      topic: Topics.userInteractions,
      groupId: options.groupId,
      schema: UserInteractionEventSchema,
      partitionsInParallel: options.partitionsInParallel,
      // A batch holds many users: their profile reads and writes overlap, each user's in order.
      keysInParallel: options.usersInParallel,
      handle: async (event) => {
        await this.profiler.record(event);
      },
    });
    this.erasures = new MessageConsumer({
      ...common,
      topic: Topics.userErasures,
      groupId: `${options.groupId}-erasures`,
      schema: UserErasureEventSchema,
      check: (event, message) =>
        message.key !== null && message.key !== event.userId ? `key ${message.key} is not the erased user id` : undefined,
      handle: (event) => this.profiler.erase(event),
    });
  }

  /** Joins in the background: the process serves HTTP while the groups form and the replica catches up. */
  async onModuleInit(): Promise<void> {
    this.erasureReader = await this.bus.subscribe({
      topic: Topics.userErasures,
      // A group of its own on every start: every erasure is honoured before any interaction is replayed.
      groupId: `${this.options.groupId}-erasures-${randomUUID()}`,
      fromBeginning: true,
      handleBatch: (batch) => this.readErasures(batch),
    });
    this.starting = this.startInteractions().catch((error: unknown) => {
      if (!this.stopping.signal.aborted) this.logger.error(`profiler did not start: ${(error as Error).message}`);
    });
  }

  /** Resolves once interactions are being consumed (tests, benchmarks). */
  async started(): Promise<void> {
    await this.starting;
  }

  private async readErasures(batch: Batch): Promise<void> {
    await this.erasures.handleBatch(batch);
    const last = batch.messages[batch.messages.length - 1];
    if (last) this.erasurePositions.set(batch.partition, BigInt(last.offset) + 1n);
  }

  private async startInteractions(): Promise<void> {
    const signal = this.stopping.signal;
    const erasureEnds = await this.bus.endOffsets(Topics.userErasures);
    const caughtUp = (): boolean =>
      [...erasureEnds].every(([partition, end]) => (this.erasurePositions.get(partition) ?? 0n) >= BigInt(end));
    while (!caughtUp() || !this.vectors.isReady()) await abortable(READY_POLL_MS, signal);
    await this.interactions.start();
    this.logger.log(`consuming ${Topics.userInteractions} as group ${this.options.groupId}`);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping.abort(new Error('the profiler is stopping'));
    await this.starting;
    await this.interactions.stop();
    await this.erasures.stop();
    await this.erasureReader?.stop();
    const counts = Object.entries(this.profiler.counters).map(([outcome, count]) => `${outcome} ${count}`);
    this.logger.log(`stopped profiling: ${counts.join(', ')}`);
  }
}
