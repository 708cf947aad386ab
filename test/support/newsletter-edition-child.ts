/**
 * A newsletter edition in a process of its own, for tests that kill it: the real EditionRun with
 * the file sink and the file or Redis ledger, over the seeded fixture catalogue and generated
 * subscribers. Prints `batch <produced>` after each recorded batch and `finished <json>` at the end.
 * Env: NL_OUT, NL_SUBSCRIBERS, NL_LEDGER (file | redis), REDIS_URL, NL_PREFIX, NL_WORKERS (plan and
 * render in that many worker threads, as the CLI does; default: in this thread).
 */
import { join } from 'node:path';
import { recommendingSettings } from '@marquee/config';
import {
  EditionRun,
  editionTools,
  FileEditionLedger,
  FileNewsletterSink,
  produceInThisThread,
  RedisEditionLedger,
} from '@marquee/newsletter';
import Redis from 'ioredis';
import { EditionPool } from '../../apps/newsletter/src/edition-pool';
import { SyntheticSubscriberSource } from '../../apps/newsletter/src/synthetic-subscribers';
import { CHILD_EDITION, EDITION_NOW, editionFixtureCatalogue, newsletterConfig, newsletterTestSettings } from './newsletter';

const main = async (): Promise<void> => {
  const out = process.env.NL_OUT as string;
  const catalogue = editionFixtureCatalogue();
  const recommender = recommendingSettings(newsletterConfig);
  const tools = await editionTools(catalogue, recommender, CHILD_EDITION, newsletterTestSettings, EDITION_NOW);
  const redis = process.env.NL_LEDGER === 'redis' ? new Redis(process.env.REDIS_URL as string) : undefined;
  const ledger = redis ? new RedisEditionLedger(redis, process.env.NL_PREFIX) : new FileEditionLedger(join(out, 'ledger'));
  const source = new SyntheticSubscriberSource(
    [...catalogue.films()].map((e) => e.film),
    { count: Number(process.env.NL_SUBSCRIBERS), seed: 7 },
  );
  const workers = Number(process.env.NL_WORKERS ?? 0);
  const pool =
    workers > 0
      ? await EditionPool.start(workers, catalogue, tools.planner, {
          spec: CHILD_EDITION,
          options: newsletterTestSettings,
          recommending: recommender,
          now: EDITION_NOW,
        })
      : undefined;
  const produce = pool
    ? (tasks: Parameters<EditionPool['produce']>[0]) => pool.produce(tasks)
    : produceInThisThread(tools.planner, tools.renderer);
  const run = new EditionRun(
    { source, planner: tools.planner, produce, sinks: [new FileNewsletterSink(out)], ledger },
    {
      edition: CHILD_EDITION.edition,
      batchSize: 10,
      batchesInFlight: 2,
      now: () => EDITION_NOW,
      onProgress: (counts) => process.stdout.write(`batch ${counts.produced}\n`),
    },
  );
  const counts = await run.run();
  process.stdout.write(`finished ${JSON.stringify(counts)}\n`);
  await pool?.close();
  await redis?.quit();
};

void main();
