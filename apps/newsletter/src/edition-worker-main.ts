import { parentPort, workerData } from 'node:worker_threads';
import { FilmCatalogue } from '@marquee/catalogue';
import type { Film } from '@marquee/domain';
import { editionTools, produceInThisThread, type PlanTask } from '@marquee/newsletter';
import { BruteForceVectorIndex } from '@marquee/vector-index';
import type { EditionWorkerData } from './edition-pool';

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
  port.on('message', ({ id, payload }: { id: number; payload: PlanTask[] }) => {
    produce(payload).then(
      (result) => port.postMessage({ id, ok: true, result }),
      (error: unknown) => port.postMessage({ id, ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  port.postMessage({ type: 'ready', info: {} });
};

start().catch((error: unknown) => parentPort?.postMessage({ type: 'failed', error: String(error) }));
