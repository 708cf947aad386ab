import { createHash } from 'node:crypto';
import {
  encodeVector,
  FILM_INDEX_VERSION_HEADER,
  filmIdOf,
  FilmEventSchema,
  Topics,
  type Batch,
  type Embedder,
  type EventBus,
  type FilmEmbeddingText,
  type FilmEvent,
  type FilmUpsertedEvent,
  type IncomingMessage,
  type IndexedFilm,
  type LoggerPort,
  type OutgoingMessage,
  type ParseResult,
} from '@marquee/domain';
import {
  DeadLetterer,
  describeError,
  embedIsolating,
  parseMessage,
  publishIsolating,
  retryingAttempts,
  type Attempts,
  type Embedding,
  type MessageCheck,
  type RejectedMessage,
  type RetryPolicy,
} from '@marquee/messaging';
import { FilmIndexLedger, type IndexedFilmState } from './film-index-ledger';

/** Hooks for metrics, so the use case stays free of any metrics library. */
export interface IndexerObserver {
  batchHandled(size: number, seconds: number): void;
  embedded(count: number, seconds: number): void;
}

export interface FilmIndexerOptions {
  embedder: Embedder;
  bus: Pick<EventBus, 'publish'>;
  /** Which text of a film gets embedded. */
  embeddingText: FilmEmbeddingText;
  /** What film-index holds; whoever reads film-index into it keeps it current across indexers and restarts. */
  ledger?: FilmIndexLedger;
  /**
   * Brings the ledger up to date with film-index. Called before a batch that does not continue the
   * last batch this indexer handled on its partition (the first after a start, a rebalance or a
   * failure): another indexer, or this one before a crash, may have indexed some of its events.
   */
  catchUp?: (signal: AbortSignal) => Promise<void>;
  /** Tries of an embedding or a publish before the failure is blamed on a message or on the outage. */
  retry: RetryPolicy;
  /** Messages of a batch per embedding call and publish (default 256). */
  chunkSize?: number;
  observer?: IndexerObserver;
  logger: LoggerPort;
  clock?: () => Date;
}

export interface IndexerCounters {
  /** Messages of handled batches. */
  consumed: number;
  indexed: number;
  removed: number;
  /** Versions film-index already holds (or a newer one): redeliveries and replays. */
  skipped: number;
  /** Older versions of a film followed by a newer one in the same batch, never published. */
  superseded: number;
  deadLettered: number;
  /** Embeddings and publishes tried again after a failure. */
  retried: number;
}

interface Accepted {
  event: FilmEvent;
  message: IncomingMessage;
}

interface Upsert extends Accepted {
  event: FilmUpsertedEvent;
  text: string;
  contentHash: string;
}

/** A chunk of a batch with its texts embedded, or the vectors it can keep. */
interface EmbeddedChunk {
  upsertOf: Map<Accepted, Upsert>;
  /** Upserts whose text film-index already holds a vector for. */
  reusable: Map<Upsert, string>;
  embedding: Embedding<Upsert>;
}

interface Indexed {
  filmId: string;
  state: IndexedFilmState;
  message: OutgoingMessage;
  source: IncomingMessage;
}

const seconds = (since: bigint): number => Number(process.hrtime.bigint() - since) / 1e9;

/** A few embedder tasks per chunk: enough to keep every worker busy, small enough to publish early. */
const DEFAULT_CHUNK_SIZE = 256;

/** Embedded by the probe that tells a poison text from an embedder that fails on everything. */
const CONTROL_TEXT = 'A film.';

/** The key of a film event is its film's id, so that one film's events stay in order on one partition. */
const keyIsFilmId: MessageCheck<FilmEvent> = (event, message) => {
  if (message.key === filmIdOf(event)) return undefined;
  return message.key === null
    ? `message has no key; it must be the film id "${filmIdOf(event)}"`
    : `message key "${message.key}" is not the film id "${filmIdOf(event)}"`;
};

/**
 * The indexer's use case: validate `film-events`, embed what changed, publish the indexed film to
 * `film-index`, dead-letter what cannot be indexed. Kafka delivers at least once; versions and
 * content hashes make the effect idempotent.
 *
 * Failures: an embedding or publish that fails is tried again with exponential backoff. When the
 * tries are spent, a failure that follows particular messages (a text the model cannot embed, a
 * message the broker refuses) is narrowed down by halving the batch, and only those messages are
 * dead-lettered, so a poison message never blocks its partition. Any other failure (a broker or
 * the embedder down) rejects the batch without dead-lettering anything: the bus delivers it again.
 * The batch resolves only after film-index and the dead-letter topic acknowledged it, so offsets
 * are never committed for work that was not published.
 */
export class FilmIndexer {
  readonly counters: IndexerCounters = { consumed: 0, indexed: 0, removed: 0, skipped: 0, superseded: 0, deadLettered: 0, retried: 0 };
  readonly ledger: FilmIndexLedger;
  private readonly attempts: Attempts;
  private readonly deadLetters: DeadLetterer;
  private readonly clock: () => Date;
  private readonly stopping = new AbortController();
  /** Per topic-partition, the offset that continues the last batch handled. */
  private readonly nextOffsets = new Map<string, string>();

  constructor(private readonly options: FilmIndexerOptions) {
    this.ledger = options.ledger ?? new FilmIndexLedger();
    this.attempts = retryingAttempts(options.retry, {
      signal: this.stopping.signal,
      logger: options.logger,
      onRetry: () => (this.counters.retried += 1),
    });
    this.deadLetters = new DeadLetterer({
      bus: options.bus,
      topic: Topics.filmEventsDeadLetter,
      attempts: this.attempts,
      logger: options.logger,
    });
    this.clock = options.clock ?? (() => new Date());
  }

  /** Ends retrying and catching up: a batch waiting on a failing dependency rejects at once, to be delivered again. */
  stopRetrying(): void {
    this.stopping.abort(new Error('the indexer is stopping'));
  }

  async handleBatch(batch: Batch): Promise<void> {
    const first = batch.messages[0];
    const last = batch.messages[batch.messages.length - 1];
    if (!first || !last) return;
    const started = process.hrtime.bigint();
    const position = `${batch.topic}:${batch.partition}`;
    if (this.nextOffsets.get(position) !== first.offset) await this.options.catchUp?.(this.stopping.signal);

    const now = this.clock();
    const rejected: RejectedMessage[] = [];
    const latest = new Map<string, Accepted>();
    let skipped = 0;
    let superseded = 0;
    for (const message of batch.messages) {
      const parsed: ParseResult<FilmEvent> = parseMessage(FilmEventSchema, message, keyIsFilmId);
      if (!parsed.ok) {
        rejected.push({ message, reason: parsed.reason });
        continue;
      }
      const id = filmIdOf(parsed.value);
      const pending = latest.get(id)?.event.version ?? -1;
      if (parsed.value.version <= (this.ledger.get(id)?.version ?? -1)) skipped += 1;
      else if (parsed.value.version <= pending) superseded += 1;
      else {
        if (pending >= 0) superseded += 1;
        latest.set(id, { event: parsed.value, message });
      }
    }
    rejected.push(...(await this.index([...latest.values()], now)));
    await this.deadLetters.send(rejected, now);

    this.nextOffsets.set(position, (BigInt(last.offset) + 1n).toString());
    Object.assign(this.counters, {
      consumed: this.counters.consumed + batch.messages.length,
      skipped: this.counters.skipped + skipped,
      superseded: this.counters.superseded + superseded,
      deadLettered: this.counters.deadLettered + rejected.length,
    });
    this.options.observer?.batchHandled(batch.messages.length, seconds(started));
  }

  /**
   * Embeds what changed and publishes the batch's newest versions, a chunk at a time; returns the
   * messages that could not be indexed. Every chunk goes to the embedder at once and each is
   * published as soon as its vectors are in, so the embedder works on the next chunks meanwhile.
   */
  private async index(accepted: Accepted[], now: Date): Promise<RejectedMessage[]> {
    const size = this.options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    const chunks: Accepted[][] = [];
    for (let start = 0; start < accepted.length; start += size) chunks.push(accepted.slice(start, start + size));
    const embeddings = chunks.map((chunk) => this.embedChunk(chunk));
    // Awaited in order below; one that fails while an earlier chunk is being published must not go unhandled.
    for (const embedding of embeddings) embedding.catch(() => undefined);
    const rejected: RejectedMessage[] = [];
    for (let i = 0; i < chunks.length; i++) rejected.push(...(await this.publishChunk(chunks[i], await embeddings[i], now)));
    return rejected;
  }

  private async embedChunk(accepted: Accepted[]): Promise<EmbeddedChunk> {
    const { embedder, embeddingText } = this.options;
    const upsertOf = new Map<Accepted, Upsert>();
    for (const item of accepted) {
      if (item.event.type === 'film.removed') continue;
      const text = embeddingText(item.event.film);
      const contentHash = createHash('sha256').update(embedder.modelId).update('\0').update(text).digest('hex');
      upsertOf.set(item, { ...item, event: item.event, text, contentHash });
    }
    const reusable = new Map<Upsert, string>();
    for (const upsert of upsertOf.values()) {
      const known = this.ledger.get(upsert.event.film.id);
      if (known?.contentHash === upsert.contentHash && known.vector !== undefined) reusable.set(upsert, known.vector);
    }
    const embedding = await embedIsolating(
      [...upsertOf.values()].filter((u) => !reusable.has(u)),
      (items) => this.embed(items.map((u) => u.text)),
      () => this.embedderWorks(),
      this.attempts,
    );
    return { upsertOf, reusable, embedding };
  }

  private async publishChunk(
    accepted: Accepted[],
    { upsertOf, reusable, embedding }: EmbeddedChunk,
    now: Date,
  ): Promise<RejectedMessage[]> {
    const { embedder } = this.options;
    const model = { id: embedder.modelId, dimension: embedder.dimension };
    const indexed = accepted.flatMap((item): Indexed[] => {
      const { event, message: source } = item;
      const version = { [FILM_INDEX_VERSION_HEADER]: String(event.version) };
      if (event.type === 'film.removed') {
        const message = { key: event.filmId, value: null, headers: version };
        return [{ filmId: event.filmId, state: { version: event.version, contentHash: '' }, message, source }];
      }
      const upsert = upsertOf.get(item) as Upsert;
      const fresh = embedding.vectors.get(upsert);
      const vector = fresh ? encodeVector(fresh) : reusable.get(upsert);
      if (vector === undefined) return [];
      const value: IndexedFilm = {
        film: event.film,
        version: event.version,
        contentHash: upsert.contentHash,
        model,
        vector,
        indexedAt: now.toISOString(),
      };
      const state = { version: event.version, contentHash: upsert.contentHash, vector };
      return [{ filmId: event.film.id, state, message: { key: event.film.id, value: JSON.stringify(value), headers: version }, source }];
    });
    const refused = await publishIsolating(
      `publishing to ${Topics.filmIndex}`,
      indexed,
      (items) =>
        this.options.bus.publish(
          Topics.filmIndex,
          items.map((i) => i.message),
        ),
      (published) => {
        for (const { filmId, state } of published) {
          this.ledger.record(filmId, state);
          if (state.contentHash) this.counters.indexed += 1;
          else this.counters.removed += 1;
        }
      },
      this.attempts,
    );
    return [
      ...embedding.failed.map(({ item, reason }) => ({ message: item.message, reason })),
      ...refused.map(({ item, error }) => ({
        message: item.source,
        reason: `film-index refused the indexed film: ${describeError(error)}`,
      })),
    ];
  }

  private async embedderWorks(): Promise<boolean> {
    try {
      await this.embed([CONTROL_TEXT]);
      return true;
    } catch {
      return false;
    }
  }

  private async embed(texts: string[]): Promise<Float32Array[]> {
    const started = process.hrtime.bigint();
    const vectors = await this.options.embedder.embed(texts, 'passage');
    this.options.observer?.embedded(texts.length, seconds(started));
    return vectors;
  }
}
