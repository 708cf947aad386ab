import 'reflect-metadata';
import Redis from 'ioredis';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '@marquee/api-app';
import { validateMarqueeConfig } from '@marquee/config';
import { MetricsServer } from '@marquee/metrics';
import { encodeVector, IndexedFilmSchema, Topics, type Embedder, type EventBus, type IndexedFilm } from '@marquee/domain';
import type { CatalogueReplica } from '@marquee/replica';
import type { TmdbFilm } from './catalog';
import { progressBar } from './progress';
import { syntheticFilm, type SyntheticCatalogue } from './synthetic';

/**
 * Embedded mode (in-process bus), no demo catalogue, the rate limit raised out of the load test's way.
 * With `redisUrl` answers are cached as in production: Redis behind the in-process tier, under a
 * key prefix of this run (deleted by `close`); else in the memory cache of embedded mode.
 */
export const startApp = async (
  options: { redisUrl?: string } = {},
): Promise<{ app: NestFastifyApplication; origin: string; metricsUrl: string; close(): Promise<void> }> => {
  for (const name of ['KAFKA_BROKERS', 'REDIS_URL', 'API_KEY', 'PORT']) delete process.env[name];
  const keyPrefix = `marquee-bench:${process.pid}-${Date.now()}:`;
  // No theme clustering in the background: over the bench's catalogue it holds the event loop for minutes, mid-measurement.
  Object.assign(process.env, {
    DEMO_CATALOGUE: 'false',
    SNAPSHOT_DIR: 'off',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '1000000',
    THEMES_AUTO_RECOMPUTE: 'false',
  });
  if (options.redisUrl) Object.assign(process.env, { REDIS_URL: options.redisUrl, CACHE_KEY_PREFIX: keyPrefix });
  const app = await createApiApp(validateMarqueeConfig(process.env), { logs: false });
  await app.listen(0, '127.0.0.1');
  // Scraped as Prometheus would, from the metrics port (any free one here).
  const metricsUrl = await app.get(MetricsServer).listen(0, '127.0.0.1');
  const close = async () => {
    await app.close();
    if (options.redisUrl) await deleteKeys(options.redisUrl, keyPrefix);
  };
  return { app, origin: originOf(app.getHttpAdapter().getInstance().server.address()), metricsUrl, close };
};

/** Whether a Redis answers at this URL within a second. */
export const redisAnswers = async (url: string): Promise<boolean> => {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
};

const deleteKeys = async (url: string, prefix: string): Promise<void> => {
  const client = new Redis(url);
  try {
    for await (const keys of client.scanStream({ match: `${prefix}*`, count: 1_000 })) {
      if ((keys as string[]).length) await client.unlink(...(keys as string[]));
    }
  } finally {
    client.disconnect();
  }
};

export const originOf = (address: unknown): string => {
  if (!address || typeof address !== 'object' || !('port' in address)) throw new Error(`unexpected server address ${String(address)}`);
  return `http://127.0.0.1:${(address as { port: number }).port}`;
};

/** Publishes what the indexer would: one IndexedFilm per film, keyed by id; waits until the replica holds them all. */
export const feedReplica = async (
  bus: EventBus,
  replica: CatalogueReplica,
  embedder: Embedder,
  synthetic: SyntheticCatalogue,
  sources: readonly TmdbFilm[],
  publishChunk = 2_000,
): Promise<number> => {
  const indexedAt = new Date().toISOString();
  const message = (i: number) => {
    const film = synthetic.films[i];
    const indexed: IndexedFilm = {
      film: syntheticFilm(film, sources),
      version: 1,
      contentHash: `bench-${film.id}`,
      model: { id: embedder.modelId, dimension: embedder.dimension },
      vector: encodeVector(synthetic.vectors[i]),
      indexedAt,
    };
    return { key: film.id, value: JSON.stringify(indexed) };
  };
  // The replica skips what does not validate; fail loudly here instead of waiting forever.
  IndexedFilmSchema.parse(JSON.parse(message(0).value));
  const started = performance.now();
  const bar = progressBar('film-index → replica (HNSW build)', synthetic.films.length, 'films');
  let published = 0;
  while (published < synthetic.films.length || replica.catalogue.size() < synthetic.films.length) {
    if (published < synthetic.films.length) {
      const end = Math.min(published + publishChunk, synthetic.films.length);
      const messages = [];
      for (let i = published; i < end; i++) messages.push(message(i));
      await bus.publish(Topics.filmIndex, messages);
      published = end;
    }
    // Let the replica's subscription take its batches.
    await new Promise((resolve) => setTimeout(resolve, published < synthetic.films.length ? 0 : 200));
    bar.update(replica.catalogue.size());
    if (replica.projection.rejectedCount > 0)
      throw new Error(`the replica rejected ${replica.projection.rejectedCount} film-index messages`);
  }
  bar.stop();
  return (performance.now() - started) / 1000;
};
