import type { CatalogueEntry, FilmCatalogue, FilmIndexProjection } from '@marquee/catalogue';
import type { Batch, EventBus, LoggerPort, Subscription } from '@marquee/domain';
import { performance } from 'node:perf_hooks';
import { yieldToEventLoop } from './catalogue-snapshot-files';
import {
  CatalogueSnapshotStore,
  snapshotMismatch,
  type RestoredSnapshot,
  type SnapshotModel,
  type SnapshotOnDisk,
  type SnapshotVectorIndex,
} from './catalogue-snapshot';

export interface CatalogueSyncOptions {
  bus: EventBus;
  topic: string;
  /** A new consumer group name on every call: the replica reads the log with a group of its own. */
  groupId: () => string;
  catalogue: FilmCatalogue;
  /** The catalogue's own index, which snapshots save and restore. */
  index: SnapshotVectorIndex;
  projection: FilmIndexProjection;
  model: SnapshotModel;
  /** Where snapshots go and how often; undefined: none, every start reads the whole log. */
  snapshots?: { directory: string; intervalMs: number };
  logger: LoggerPort;
  /** Messages applied per turn of the event loop (default 8), so HTTP is served while a long log is replayed. */
  messagesPerTurn?: number;
}

/** Where the catalogue came from at start: a snapshot and the log after it, or the whole log. */
export type CatalogueOrigin = 'snapshot' | 'log';

export interface SnapshotRecord {
  name: string;
  films: number;
  writtenAt: Date;
  durationMs: number;
}

const FILMS_PER_TURN = 1_000;
/** About two milliseconds of parsing between requests. */
const FILMS_PARSED_PER_TURN = 250;

/**
 * Keeps a replica's catalogue in step with the `film-index` log. At start it restores the newest
 * usable snapshot and reads the log only from the offsets it reflects; a damaged, incompatible or
 * foreign snapshot is logged and the whole log is read instead. Snapshots are written periodically
 * and on stop. Batches are applied a few messages per turn of the event loop, and never while a
 * snapshot is being restored or written, so each snapshot is one consistent position of the log.
 */
export class CatalogueSync {
  private readonly store?: CatalogueSnapshotStore;
  private subscription?: Subscription;
  /** Bumped when the subscription is replaced: batches still arriving for the old one are dropped. */
  private generation = 0;
  /** Resolves once a snapshot is restored or given up; batches wait for it. */
  private restoreSettled: Promise<void> = Promise.resolve();
  private settled = false;
  /** The restore, and the new subscription if the snapshot is given up. */
  private background: Promise<void> = Promise.resolve();
  /** The subscription being formed. */
  private following: Promise<void> = Promise.resolve();
  private wakeRetry?: () => void;
  /** Serialises batches and snapshot writes. */
  private lock: Promise<unknown> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private writing = false;
  /** Log position of the last snapshot written or restored: an unchanged catalogue is not written again. */
  private snapshotEpoch?: string;
  private stopping?: Promise<void>;
  /** Films of the restored snapshot being parsed in the background. */
  private parsing: Promise<void> = Promise.resolve();
  /** Undefined until known: while a snapshot is being restored. */
  origin: CatalogueOrigin | undefined;
  lastSnapshot: SnapshotRecord | undefined;

  constructor(private readonly options: CatalogueSyncOptions) {
    if (options.snapshots) this.store = new CatalogueSnapshotStore(options.snapshots.directory);
  }

  /**
   * Resolves once it knows where to start (end offsets read, snapshot chosen). Restoring the
   * snapshot and joining a consumer group (seconds) go on in the background: see `isReady`.
   */
  async start(): Promise<void> {
    const { bus, topic, projection, snapshots } = this.options;
    const endOffsets = await bus.endOffsets(topic);
    projection.catchUpTo(endOffsets);
    const snapshot = await this.usableSnapshot(endOffsets);
    if (snapshot) this.restoreThenFollow(snapshot);
    else {
      this.settled = true;
      this.origin = 'log';
      this.follow();
    }
    if (snapshots) this.timer = setInterval(() => void this.periodicSnapshot(), snapshots.intervalMs).unref();
  }

  /** The snapshot (if any) is in place and the log is applied up to where it ended at start. */
  isReady(): boolean {
    return this.settled && this.options.projection.isCaughtUp();
  }

  /** Writes a snapshot unless snapshots are off, the restore is still running or nothing changed since the last one. */
  async snapshot(): Promise<SnapshotOnDisk | undefined> {
    const store = this.store;
    if (!store || !this.settled) return undefined;
    return this.exclusive(async () => {
      const { topic, model, catalogue, index, projection, logger } = this.options;
      const epoch = projection.epoch;
      if (epoch === '0' || epoch === this.snapshotEpoch) return undefined;
      const started = performance.now();
      const written = await store.write({ topic, model, catalogue, index, offsets: projection.appliedOffsets() });
      const durationMs = Math.round(performance.now() - started);
      this.snapshotEpoch = epoch;
      this.lastSnapshot = {
        name: written.name,
        films: written.manifest.films,
        writtenAt: new Date(written.manifest.createdAt),
        durationMs,
      };
      logger.log(`snapshot ${written.name}: ${written.manifest.films} films at ${topic} position ${epoch}, written in ${durationMs} ms`);
      return written;
    });
  }

  /** Stops reading (the batch in flight finishes), then writes a last snapshot. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      clearInterval(this.timer);
      this.wakeRetry?.();
      await this.background;
      await this.parsing;
      await this.following;
      await this.subscription?.stop();
      await this.snapshot().catch((error: unknown) =>
        this.options.logger.error(`the snapshot on stop failed: ${(error as Error).message}`),
      );
    })();
    return this.stopping;
  }

  /** The newest snapshot if it suits this replica and this log; otherwise logs why and returns undefined. */
  private async usableSnapshot(endOffsets: Map<number, string>): Promise<SnapshotOnDisk | undefined> {
    const { topic, model, logger } = this.options;
    if (!this.store) return undefined;
    try {
      const snapshot = await this.store.latest();
      if (!snapshot) {
        logger.log(`no snapshot in ${this.store.root}: reading ${topic} from the beginning`);
        return undefined;
      }
      const mismatch = snapshotMismatch(snapshot.manifest, { topic, model, endOffsets });
      if (!mismatch) return snapshot;
      logger.warn(`snapshot ${snapshot.name} is not usable: ${mismatch}; reading ${topic} from the beginning`);
    } catch (error) {
      logger.warn(`${(error as Error).message}; reading ${topic} from the beginning`);
    }
    return undefined;
  }

  /** Restores the snapshot; on any failure logs it and returns false, with nothing live changed. */
  private async restore(snapshot: SnapshotOnDisk): Promise<boolean> {
    const { topic, index, logger } = this.options;
    const started = performance.now();
    let restored: RestoredSnapshot;
    try {
      restored = await (this.store as CatalogueSnapshotStore).read(snapshot, index);
    } catch (error) {
      logger.warn(`snapshot ${snapshot.name} cannot be restored: ${(error as Error).message}; reading ${topic} from the beginning`);
      return false;
    }
    await this.putInPlace(restored);
    logger.log(
      `restored ${restored.entries.size} films from snapshot ${snapshot.name} in ${Math.round(performance.now() - started)} ms; ` +
        `reading ${topic} after offsets ${JSON.stringify(snapshot.manifest.offsets)}`,
    );
    return true;
  }

  private async putInPlace({ entries, places, removedVersions, offsets, index }: RestoredSnapshot): Promise<void> {
    const { catalogue, projection } = this.options;
    index.swapIn();
    let count = 0;
    for (const [id, entry] of entries) {
      catalogue.restore(id, entry, places.get(id));
      if (++count % FILMS_PER_TURN === 0) await yieldToEventLoop();
    }
    for (const [id, version] of removedVersions) catalogue.restoreRemoval(id, version);
    projection.restoreOffsets(offsets);
    this.snapshotEpoch = projection.epoch;
    this.parsing = this.parseRestoredFilms(entries);
  }

  /**
   * Films restored from a snapshot are parsed when first read; this reads the others meanwhile, a
   * few per turn of the event loop, so that queries do not pay for it and the snapshot's bytes go.
   */
  private async parseRestoredFilms(restored: Map<string, CatalogueEntry>): Promise<void> {
    let count = 0;
    for (const [id, entry] of restored) {
      if (this.stopping) return;
      // A film the log updated since is another entry now; this one is not read by anyone.
      if (this.options.catalogue.get(id) === entry) void entry.film;
      if (++count % FILMS_PARSED_PER_TURN === 0) await yieldToEventLoop();
    }
  }

  /**
   * Restores the snapshot while a subscription from its offsets forms; if the snapshot is given up,
   * that subscription's batches are dropped and the whole log is read with a new one.
   */
  private restoreThenFollow(snapshot: SnapshotOnDisk): void {
    let settle!: () => void;
    this.restoreSettled = new Promise((resolve) => (settle = resolve));
    this.follow(startOffsetsAfter(snapshot));
    this.background = this.restore(snapshot).then(async (restored) => {
      if (!restored) this.generation += 1;
      this.settled = true;
      settle();
      this.origin = restored ? 'snapshot' : 'log';
      if (restored) return;
      await this.following;
      await this.subscription?.stop();
      if (!this.stopping) this.follow();
    });
  }

  /** Subscribes in the background, trying again (with backoff) until it succeeds or the sync stops. */
  private follow(startOffsets?: Map<number, string>): void {
    const { bus, topic, groupId, logger } = this.options;
    const generation = this.generation;
    this.following = (async () => {
      for (let attempt = 1; !this.stopping; attempt++) {
        try {
          this.subscription = await bus.subscribe({
            topic,
            groupId: groupId(),
            fromBeginning: true,
            startOffsets,
            handleBatch: (batch) => this.handleBatch(batch, generation),
          });
          return;
        } catch (error) {
          const delayMs = Math.min(30_000, 500 * 2 ** attempt);
          logger.error(`cannot subscribe to ${topic} (attempt ${attempt}): ${(error as Error).message}; trying again in ${delayMs} ms`);
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, delayMs);
            this.wakeRetry = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
      }
    })();
  }

  private async handleBatch(batch: Batch, generation: number): Promise<void> {
    await this.restoreSettled;
    if (generation !== this.generation) return;
    const { projection, messagesPerTurn = 8 } = this.options;
    await this.exclusive(async () => {
      for (let start = 0; start < batch.messages.length; start += messagesPerTurn) {
        if (start > 0) await yieldToEventLoop();
        await projection.handleBatch({ ...batch, messages: batch.messages.slice(start, start + messagesPerTurn) });
      }
    });
  }

  private async periodicSnapshot(): Promise<void> {
    if (this.writing || this.stopping) return;
    this.writing = true;
    try {
      await this.snapshot();
    } catch (error) {
      this.options.logger.error(`writing a snapshot failed: ${(error as Error).message}`);
    } finally {
      this.writing = false;
    }
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lock.then(work);
    this.lock = run.catch(() => undefined);
    return run;
  }
}

/** Offsets of the first messages the snapshot does not reflect. */
const startOffsetsAfter = ({ manifest }: SnapshotOnDisk): Map<number, string> =>
  new Map(Object.entries(manifest.offsets).map(([partition, offset]) => [Number(partition), (BigInt(offset) + 1n).toString()]));
