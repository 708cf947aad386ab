import {
  decodeVector,
  FILM_INDEX_VERSION_HEADER,
  readIndexedFilm,
  type Batch,
  type IncomingMessage,
  type LoggerPort,
} from '@marquee/domain';
import { type FilmCatalogue } from './film-catalogue';

/**
 * Applies the `film-index` log to a replica's catalogue. It knows which offsets it reflects,
 * which gives both the cache epoch and "caught up with the log" for readiness.
 */
export class FilmIndexProjection {
  private readonly applied = new Map<number, bigint>();
  private targets: Map<number, bigint> | undefined;
  private rejected = 0;

  constructor(
    private readonly catalogue: FilmCatalogue,
    private readonly expectedModelId: string | undefined,
    private readonly logger: LoggerPort,
  ) {}

  /** Log position: sum over partitions of applied offsets + 1; equal on replicas at the same position. */
  get epoch(): string {
    let sum = 0n;
    for (const offset of this.applied.values()) sum += offset + 1n;
    return sum.toString();
  }

  get rejectedCount(): number {
    return this.rejected;
  }

  /** Last applied offset per partition: the position of the log the catalogue reflects. */
  appliedOffsets(): Map<number, bigint> {
    return new Map(this.applied);
  }

  /** Continues from a snapshot of the catalogue that reflects these offsets. */
  restoreOffsets(offsets: Map<number, bigint>): void {
    this.applied.clear();
    for (const [partition, offset] of offsets) this.applied.set(partition, offset);
  }

  /** Sets the end offsets that must be reached before the replica reports ready. */
  catchUpTo(endOffsets: Map<number, string>): void {
    this.targets = new Map([...endOffsets].map(([p, o]) => [p, BigInt(o)]));
  }

  isCaughtUp(): boolean {
    if (!this.targets) return false;
    for (const [partition, end] of this.targets) {
      if (end > 0n && (this.applied.get(partition) ?? -1n) + 1n < end) return false;
    }
    return true;
  }

  /** Messages behind the end offsets set by `catchUpTo`. */
  lag(): number {
    if (!this.targets) return Number.POSITIVE_INFINITY;
    let lag = 0n;
    for (const [partition, end] of this.targets) {
      const next = (this.applied.get(partition) ?? -1n) + 1n;
      if (end > next) lag += end - next;
    }
    return Number(lag);
  }

  async handleBatch(batch: Batch): Promise<void> {
    for (const message of batch.messages) {
      this.apply(message);
      this.applied.set(batch.partition, BigInt(message.offset));
    }
    if (this.targets) {
      const end = BigInt(batch.highWatermark);
      if (end > (this.targets.get(batch.partition) ?? 0n)) this.targets.set(batch.partition, end);
    }
  }

  private apply(message: IncomingMessage): void {
    if (!message.key) return this.reject(message, 'message without key');
    if (message.value === null) {
      const version = message.headers[FILM_INDEX_VERSION_HEADER];
      this.catalogue.remove(message.key, version === undefined ? undefined : Number(version));
      return;
    }
    const parsed = readIndexedFilm(message.value);
    if (!parsed.ok) return this.reject(message, parsed.reason);
    const indexed = parsed.value;
    if (indexed.film.id !== message.key) return this.reject(message, `film id "${indexed.film.id}" is not the message key`);
    if (this.expectedModelId && indexed.model.id !== this.expectedModelId) {
      return this.reject(message, `vector from model ${indexed.model.id}, this replica serves ${this.expectedModelId}`);
    }
    const vector = decodeVector(indexed.vector);
    if (vector.length !== this.catalogue.index.dimension) {
      return this.reject(message, `vector has ${vector.length} dimensions, index has ${this.catalogue.index.dimension}`);
    }
    this.catalogue.upsert({ film: indexed.film, version: indexed.version, contentHash: indexed.contentHash }, vector);
  }

  private reject(message: IncomingMessage, reason: string): void {
    this.rejected += 1;
    const key = message.key === null ? 'no key' : `key ${JSON.stringify(message.key.slice(0, 200))}`;
    this.logger.warn(`film-index ${message.partition}@${message.offset} (${key}) skipped: ${reason}`);
  }
}
