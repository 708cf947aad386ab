import { join } from 'node:path';
import type { FilmCatalogue } from '@marquee/catalogue';
import type { RecommenderOptions } from '@marquee/recommending';
import { WorkerPool } from '@marquee/embedder';
import type { EditionPlanner, EditionSpec, NewsletterOptions, PlanTask, Produced } from '@marquee/newsletter';

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
 * Plans and renders across worker threads (one per core by default) while the main thread reads
 * subscribers, looks up their liked films in the whole catalogue, writes and records. A worker
 * holds only the films of the edition's window, which is all a plan picks from, so a 100k-film
 * catalogue is not copied into every thread.
 */
export class EditionPool {
  private constructor(private readonly pool: WorkerPool<PlanTask[], Produced[]>) {}

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
    const pool = await WorkerPool.start<PlanTask[], Produced[], unknown>({
      script: join(__dirname, 'edition.worker.js'),
      size,
      workerData,
    });
    return new EditionPool(pool);
  }

  get size(): number {
    return this.pool.size;
  }

  async produce(tasks: readonly PlanTask[]): Promise<Produced[]> {
    const chunk = Math.ceil(tasks.length / this.pool.size);
    const chunks: PlanTask[][] = [];
    for (let i = 0; i < tasks.length; i += chunk) chunks.push(tasks.slice(i, i + chunk));
    return (await this.pool.run(chunks, 'bulk')).flat();
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
