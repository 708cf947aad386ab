import { parentPort, workerData } from 'node:worker_threads';
import { FilmCatalogue } from '@marquee/catalogue';
import type { Film } from '@marquee/domain';
import { editionTools, produceInThisThread, type PlanTask } from '@marquee/newsletter';
import type { Seed } from '@marquee/recommending';
import { BruteForceVectorIndex } from '@marquee/vector-index';
import type { EditionWorkerData, WireSeed, WireTask } from './edition-pool';

/** Liked films outside the edition kept by stamp, so later subscribers who liked them share one object (and its caches). */
const MAX_KEPT_FILMS = 20_000;

const start = async (): Promise<void> => {
  const port = parentPort;
  if (!port) throw new Error('edition-worker-main runs in a worker thread');
  const data = workerData as EditionWorkerData;
  // Only vectorOf is read from this index (the edition's candidates are scored by their own packed copy).
  const catalogue = new FilmCatalogue(new BruteForceVectorIndex({ dimension: data.dimension }));
  (data.films as Film[]).forEach((film, i) => {
    const vector = data.vectors.subarray(i * data.dimension, (i + 1) * data.dimension);
    catalogue.upsert({ film, version: 1, contentHash: film.id }, vector);
  });
  const tools = await editionTools(catalogue, data.recommending, data.spec, data.options, new Date(data.now));
  const produce = produceInThisThread(tools.planner, tools.renderer);
  const films = data.films as Film[];
  const kept = new Map<string, { stamp: string; film: Film }>();
  const seedOf = (seed: WireSeed): Seed => {
    if ('at' in seed) {
      const film = catalogue.get(films[seed.at].id)?.film as Film;
      return { film, vector: data.vectors.subarray(seed.at * data.dimension, (seed.at + 1) * data.dimension) };
    }
    const { film, vector, stamp } = seed;
    if (!stamp) return { film, vector };
    const known = kept.get(film.id);
    if (known?.stamp === stamp) return { film: known.film, vector };
    if (kept.size >= MAX_KEPT_FILMS) kept.clear();
    kept.set(film.id, { stamp, film });
    return { film, vector };
  };
  port.on('message', ({ id, payload }: { id: number; payload: WireTask[] }) => {
    const tasks: PlanTask[] = payload.map(({ subscriber, seeds }) => ({ subscriber, seeds: seeds.map(seedOf) }));
    produce(tasks).then(
      (result) => port.postMessage({ id, ok: true, result }),
      (error: unknown) => port.postMessage({ id, ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  port.postMessage({ type: 'ready', info: {} });
};

start().catch((error: unknown) => parentPort?.postMessage({ type: 'failed', error: String(error) }));
