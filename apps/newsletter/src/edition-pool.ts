import { join } from 'node:path';
import type { FilmCatalogue } from '@marquee/catalogue';
import type { RecommenderOptions } from '@marquee/recommending';
import { WorkerPool } from '@marquee/embedder';
import type { Film } from '@marquee/domain';
import type { EditionPlanner, EditionSpec, NewsletterOptions, PlanTask, Produced, Subscriber } from '@marquee/newsletter';

/** What each worker builds its planner from: the edition and the films screening in its window (not the whole catalogue). */
export interface EditionWorkerData {
  spec: EditionSpec;
  options: NewsletterOptions;
  recommending: RecommenderOptions;
  now: string;
  films: unknown[];
  /** The films' vectors, packed in their order, shared by every worker (a SharedArrayBuffer). */
  vectors: Float32Array;
  dimension: number;
}

/**
 * A liked film as sent to a worker: one of the edition's films by its position (the worker holds
 * it), or the whole film with its vector and, when it is the catalogue's current entry, the stamp
 * (version and content hash) under which the worker keeps it for later subscribers.
 */
export type WireSeed = { at: number } | { film: Film; vector: Float32Array; stamp?: string };
export interface WireTask {
  subscriber: Subscriber;
  seeds: WireSeed[];
}

/**
 * Plans and renders across worker threads (one per core by default) while the main thread reads
 * subscribers, looks up their liked films in the whole catalogue, writes and records. A worker
 * holds only the films of the edition's window, which is all a plan picks from, so a 100k-film
 * catalogue is not copied into every thread.
 */
export class EditionPool {
  private constructor(
    private readonly pool: WorkerPool<WireTask[], Produced[]>,
    private readonly catalogue: FilmCatalogue,
    /** The edition's films, as the workers hold them, by identity. */
    private readonly positions: ReadonlyMap<Film, number>,
  ) {}

  static async start(
    size: number,
    catalogue: FilmCatalogue,
    planner: EditionPlanner,
    edition: { spec: EditionSpec; options: NewsletterOptions; recommending: RecommenderOptions; now: Date },
  ): Promise<EditionPool> {
    const films = planner.candidates.films;
    const dimension = planner.candidates.dimension;
    // The catalogue's own vectors (not the candidates' normalised copies): a worker's plans are then bit for bit the main thread's.
    const shared = new Float32Array(new SharedArrayBuffer(films.length * dimension * Float32Array.BYTES_PER_ELEMENT));
    films.forEach((film, i) => shared.set(catalogue.index.vectorOf(film.id) as Float32Array, i * dimension));
    const workerData: EditionWorkerData = {
      spec: edition.spec,
      options: edition.options,
      recommending: edition.recommending,
      now: edition.now.toISOString(),
      films: [...films],
      vectors: shared,
      dimension,
    };
    const pool = await WorkerPool.start<WireTask[], Produced[], unknown>({
      script: join(__dirname, 'edition.worker.js'),
      size,
      workerData,
    });
    return new EditionPool(pool, catalogue, new Map(films.map((film, i) => [film, i])));
  }

  get size(): number {
    return this.pool.size;
  }

  /**
   * Liked films the workers hold go by position, the others whole: cloning every liked film for
   * every subscriber cost the workers more than planning (and a fresh clone each time missed every
   * per-film cache: facts, themes, words).
   */
  async produce(tasks: readonly PlanTask[]): Promise<Produced[]> {
    const wire = tasks.map(({ subscriber, seeds }) => ({ subscriber, seeds: seeds.map((seed) => this.wireSeed(seed)) }));
    const chunk = Math.ceil(wire.length / this.pool.size);
    const chunks: WireTask[][] = [];
    for (let i = 0; i < wire.length; i += chunk) chunks.push(wire.slice(i, i + chunk));
    return (await this.pool.run(chunks, 'bulk')).flat();
  }

  private wireSeed({ film, vector }: PlanTask['seeds'][number]): WireSeed {
    if (!film) throw new Error('edition seeds are liked films');
    const at = this.positions.get(film);
    // The same object as the edition's film: the catalogue has not changed it since, nor its vector.
    if (at !== undefined) return { at };
    const entry = this.catalogue.get(film.id);
    return entry?.film === film ? { film, vector, stamp: `${entry.version}:${entry.contentHash}` } : { film, vector };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
