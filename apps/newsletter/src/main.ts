import 'reflect-metadata';
import { createReadStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type FilmCatalogue } from '@marquee/catalogue';
import { isEmbedded, newsletterSettings, recommendingSettings, validateMarqueeConfig, type MarqueeConfig } from '@marquee/config';
import { demoFilmEvents } from '@marquee/demo-catalogue';
import { EVENT_BUS, type EventBus } from '@marquee/domain';
import {
  EditionRun,
  editionTools,
  editionLedgerFor,
  FileNewsletterSink,
  JsonlSubscriberSource,
  produceInThisThread,
  ProfileSubscriberSource,
  SentRecorder,
  TopicNewsletterSink,
  type NewsletterSink,
  type SubscriberSource,
} from '@marquee/newsletter';
import { PROFILE_STORE, type ProfileStore } from '@marquee/profiles';
import { CatalogueReplica } from '@marquee/replica';
import { parseCliOptions, USAGE, type CliOptions } from './cli-options';
import { editionProgress } from './edition-progress';
import { NewsletterCliModule } from './newsletter-cli.module';
import { EditionPool } from './edition-pool';
import { SyntheticSubscriberSource } from './synthetic-subscribers';

const logger = new Logger('Newsletter');
const READY_POLL_MS = 200;

const countLines = async (path: string): Promise<number> => {
  let lines = 0;
  for await (const line of createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })) if (line.trim()) lines += 1;
  return lines;
};

/** The catalogue once the replica has read film-index (embedded: once the demo catalogue is indexed). */
const readyCatalogue = async (replica: CatalogueReplica, config: MarqueeConfig): Promise<FilmCatalogue> => {
  const expected = isEmbedded(config) ? demoFilmEvents(new Date()).length : 0;
  while (!replica.isReady() || replica.catalogue.size() < expected) await new Promise((r) => setTimeout(r, READY_POLL_MS));
  return replica.catalogue;
};

const subscriberSource = (
  options: CliOptions,
  catalogue: FilmCatalogue,
  profiles: ProfileStore,
): { source: SubscriberSource; total?: number } => {
  if (options.subscribersFile) {
    return {
      source: new JsonlSubscriberSource(options.subscribersFile, (r) => logger.warn(`subscribers line ${r.line} skipped: ${r.reason}`)),
    };
  }
  if (options.demoSubscribers !== undefined) {
    const films = [...catalogue.films()].map((e) => e.film);
    return { source: new SyntheticSubscriberSource(films, { count: options.demoSubscribers, seed: 13 }), total: options.demoSubscribers };
  }
  return { source: new ProfileSubscriberSource(profiles, options.spec.edition) };
};

const main = async (): Promise<void> => {
  const config = validateMarqueeConfig(process.env);
  const settings = newsletterSettings(config);
  const options = parseCliOptions(process.argv.slice(2), {
    limit: settings.limit,
    outDirectory: settings.outDirectory,
    workers: availableParallelism(),
    embedded: isEmbedded(config),
  });
  const app = await NestFactory.createApplicationContext(NewsletterCliModule.register(config), { logger: ['error', 'warn'] });
  const cleanups: (() => Promise<void>)[] = [() => app.close()];
  try {
    const catalogue = await readyCatalogue(app.get(CatalogueReplica), config);
    const now = new Date();
    const tools = await editionTools(catalogue, recommendingSettings(config), options.spec, settings, now);
    const { source, total: knownTotal } = subscriberSource(options, catalogue, app.get<ProfileStore>(PROFILE_STORE));
    const total = knownTotal ?? (options.subscribersFile ? await countLines(options.subscribersFile) : undefined);
    const bus = app.get<EventBus>(EVENT_BUS);
    const sinks: NewsletterSink[] = [];
    if (options.out) sinks.push(new FileNewsletterSink(options.out));
    if (options.publish) sinks.push(new TopicNewsletterSink(bus));
    const ledger = editionLedgerFor({ ...settings.stores, outDirectory: options.out ?? settings.outDirectory });
    cleanups.unshift(() => ledger.close());
    const pool =
      options.workers > 1
        ? await EditionPool.start(options.workers, catalogue, tools.planner, {
            spec: options.spec,
            options: { planner: settings.planner, links: settings.links },
            recommending: recommendingSettings(config),
            now,
          })
        : undefined;
    if (pool) cleanups.unshift(() => pool.close());
    const progress = editionProgress(total);
    const run = new EditionRun(
      {
        source,
        planner: tools.planner,
        produce: pool ? (tasks) => pool.produce(tasks) : produceInThisThread(tools.planner, tools.renderer),
        sinks,
        ledger,
        sent: new SentRecorder(bus, tools.links),
      },
      {
        edition: options.spec.edition,
        batchSize: settings.batchSize,
        batchesInFlight: (pool?.size ?? 1) + 1,
        now: () => new Date(),
        onProgress: (counts) => progress.update(counts),
      },
    );
    const counts = await run.run();
    progress.stop();
    process.stdout.write(`${JSON.stringify({ edition: options.spec.edition, ...counts, out: options.out, published: options.publish })}\n`);
  } finally {
    for (const cleanup of cleanups) await cleanup();
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\nusage: ${USAGE}\n`);
  process.exit(1);
});
