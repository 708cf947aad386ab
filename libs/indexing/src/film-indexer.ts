import { createHash } from 'node:crypto';
import {
  encodeVector,
  FILM_INDEX_VERSION_HEADER,
  filmIdOf,
  FilmEventSchema,
  parseJson,
  Topics,
  type Batch,
  type Embedder,
  type EventBus,
  type Film,
  type FilmEvent,
  type IncomingMessage,
  type IndexedFilm,
  type OutgoingMessage,
} from '@marquee/domain';
import { toDeadLetter } from './dead-letter';

interface FilmState {
  version: number;
  contentHash: string;
  /** Encoded vector, reused when an update does not change the embedded text. */
  vector?: string;
}

/** Hooks for metrics, so the use case stays free of any metrics library. */
export interface IndexerObserver {
  batchHandled(size: number): void;
  embedded(count: number, seconds: number): void;
}

export interface FilmIndexerOptions {
  embedder: Embedder;
  bus: Pick<EventBus, 'publish'>;
  /** Which text of a film gets embedded. */
  embeddingText: (film: Film) => string;
  observer?: IndexerObserver;
  clock?: () => Date;
}

export interface IndexerCounters {
  consumed: number;
  indexed: number;
  removed: number;
  skipped: number;
  deadLettered: number;
}

/**
 * The indexer's use case: validate `film-events`, embed what changed, publish the indexed film
 * to `film-index`. Kafka delivers at least once; versions and content hashes make the effect idempotent.
 * The batch resolves only after `film-index` and the dead-letter topic acknowledged it, so offsets
 * are never committed for work that was not published.
 */
export class FilmIndexer {
  private readonly films = new Map<string, FilmState>();
  readonly counters: IndexerCounters = { consumed: 0, indexed: 0, removed: 0, skipped: 0, deadLettered: 0 };
  private readonly clock: () => Date;

  constructor(private readonly options: FilmIndexerOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  async handleBatch(batch: Batch): Promise<void> {
    const now = this.clock();
    const deadLetters: OutgoingMessage[] = [];
    const latest = new Map<string, FilmEvent>();
    for (const message of batch.messages) {
      this.counters.consumed += 1;
      const parsed = this.parse(message);
      if (!parsed.ok) {
        deadLetters.push(toDeadLetter(message, parsed.reason, now));
        continue;
      }
      const id = filmIdOf(parsed.value);
      const newest = Math.max(latest.get(id)?.version ?? -1, this.films.get(id)?.version ?? -1);
      if (parsed.value.version <= newest) this.counters.skipped += 1;
      else latest.set(id, parsed.value);
    }
    const indexed = await this.index([...latest.values()], now);
    if (deadLetters.length) await this.options.bus.publish(Topics.filmEventsDeadLetter, deadLetters);
    if (indexed.length) await this.options.bus.publish(Topics.filmIndex, indexed.map((x) => x.message));
    for (const { id, state } of indexed) this.films.set(id, state);
    this.counters.deadLettered += deadLetters.length;
    this.options.observer?.batchHandled(batch.messages.length);
  }

  private parse(message: IncomingMessage) {
    const parsed = parseJson(FilmEventSchema, message.value);
    if (parsed.ok && message.key !== filmIdOf(parsed.value)) {
      return { ok: false as const, reason: `message key "${message.key}" is not the film id "${filmIdOf(parsed.value)}"` };
    }
    return parsed;
  }

  private async embed(texts: string[]): Promise<Float32Array[]> {
    const started = process.hrtime.bigint();
    const vectors = await this.options.embedder.embed(texts, 'passage');
    this.options.observer?.embedded(texts.length, Number(process.hrtime.bigint() - started) / 1e9);
    return vectors;
  }

  private async index(events: FilmEvent[], now: Date): Promise<{ id: string; state: FilmState; message: OutgoingMessage }[]> {
    const { embedder, embeddingText } = this.options;
    const upserts = events.flatMap((e) => (e.type === 'film.removed' ? [] : [e]));
    const texts = upserts.map((e) => embeddingText(e.film));
    const hashes = texts.map((text) => createHash('sha256').update(embedder.modelId).update('\0').update(text).digest('hex'));
    const toEmbed = upserts.flatMap((e, i) => (this.films.get(e.film.id)?.contentHash === hashes[i] ? [] : [i]));
    const vectors = toEmbed.length ? await this.embed(toEmbed.map((i) => texts[i])) : [];
    const fresh = new Map(toEmbed.map((i, j) => [i, encodeVector(vectors[j])]));
    const position = new Map(upserts.map((e, i) => [e, i]));

    return events.map((event) => {
      if (event.type === 'film.removed') {
        this.counters.removed += 1;
        const state: FilmState = { version: event.version, contentHash: '' };
        const message = { key: event.filmId, value: null, headers: { [FILM_INDEX_VERSION_HEADER]: String(event.version) } };
        return { id: event.filmId, state, message };
      }
      const i = position.get(event) as number;
      const vector = fresh.get(i) ?? (this.films.get(event.film.id)?.vector as string);
      const indexedFilm: IndexedFilm = {
        film: event.film,
        version: event.version,
        contentHash: hashes[i],
        model: { id: embedder.modelId, dimension: embedder.dimension },
        vector,
        indexedAt: now.toISOString(),
      };
      this.counters.indexed += 1;
      const state: FilmState = { version: event.version, contentHash: hashes[i], vector };
      return { id: event.film.id, state, message: { key: event.film.id, value: JSON.stringify(indexedFilm) } };
    });
  }
}
