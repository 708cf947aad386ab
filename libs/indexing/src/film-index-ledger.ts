import { FILM_INDEX_VERSION_HEADER, type Batch, type IncomingMessage } from '@marquee/domain';
import { describeError } from '@marquee/messaging';

/** What `film-index` holds for one film. */
export interface IndexedFilmState {
  version: number;
  /** Hash of the embedded text; empty for a removal. */
  contentHash: string;
  /** Encoded vector, reused when an update does not change the embedded text. */
  vector?: string;
}

interface Waiter {
  endOffsets: Map<number, bigint>;
  resolve(): void;
}

/** The fields of an indexed film the ledger keeps, read without validating the whole film. */
const readIndexedFilm = (value: Buffer): IndexedFilmState | undefined => {
  try {
    const { version, contentHash, vector } = JSON.parse(value.toString()) as Record<string, unknown>;
    if (!Number.isSafeInteger(version) || typeof contentHash !== 'string' || typeof vector !== 'string') return undefined;
    return { version: version as number, contentHash, vector };
  } catch {
    return undefined;
  }
};

const versionHeader = (message: IncomingMessage): number | undefined => {
  const header = message.headers[FILM_INDEX_VERSION_HEADER];
  const version = header === undefined ? NaN : Number(header);
  return Number.isSafeInteger(version) ? version : undefined;
};

/**
 * The indexer's knowledge of `film-index`: the newest version, content hash and vector of every
 * film. It learns from this process's acknowledged publishes and from reading the topic itself,
 * which holds what other indexers published and what this one published before a restart. With
 * it an indexer neither re-embeds an unchanged film nor publishes a version older than one already
 * indexed (which compaction would otherwise keep as the film's last word).
 */
export class FilmIndexLedger {
  private readonly films = new Map<string, IndexedFilmState>();
  /** Next offset to read, per film-index partition. */
  private readonly positions = new Map<number, bigint>();
  private readonly waiters = new Set<Waiter>();
  private unreadable = 0;

  get(filmId: string): IndexedFilmState | undefined {
    return this.films.get(filmId);
  }

  get size(): number {
    return this.films.size;
  }

  /** film-index messages that were neither an indexed film nor a tombstone. */
  get unreadableCount(): number {
    return this.unreadable;
  }

  /** Records what film-index acknowledged; an older version never replaces a newer one. */
  record(filmId: string, state: IndexedFilmState): void {
    const known = this.films.get(filmId);
    if (!known || state.version > known.version) this.films.set(filmId, state);
  }

  /** Applies a batch read from film-index. */
  async handleBatch(batch: Batch): Promise<void> {
    for (const message of batch.messages) this.apply(message);
    const last = batch.messages[batch.messages.length - 1];
    if (last) this.positions.set(batch.partition, BigInt(last.offset) + 1n);
    for (const waiter of this.waiters) {
      if (this.hasReached(waiter.endOffsets)) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  /** Resolves once film-index has been read up to these end offsets; rejects when the signal aborts. */
  waitUntilRead(endOffsets: Map<number, string>, signal?: AbortSignal): Promise<void> {
    const targets = new Map([...endOffsets].map(([partition, offset]) => [partition, BigInt(offset)]));
    if (this.hasReached(targets)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        endOffsets: targets,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.waiters.delete(waiter);
        reject(new Error(`film-index not read up to its end offsets: ${describeError(signal?.reason ?? 'stopped')}`));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
    });
  }

  private hasReached(endOffsets: Map<number, bigint>): boolean {
    for (const [partition, end] of endOffsets) {
      if ((this.positions.get(partition) ?? 0n) < end) return false;
    }
    return true;
  }

  private apply(message: IncomingMessage): void {
    if (!message.key) return;
    const version = versionHeader(message);
    const known = this.films.get(message.key);
    // This process's own publishes come back here too: the header spares parsing them again.
    if (known && version !== undefined && version <= known.version) return;
    if (message.value === null) {
      if (version === undefined) this.films.delete(message.key);
      else this.record(message.key, { version, contentHash: '' });
      return;
    }
    const indexed = readIndexedFilm(message.value);
    if (indexed) this.record(message.key, indexed);
    else this.unreadable += 1;
  }
}
