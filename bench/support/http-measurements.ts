import { FastifyAdapter } from '@nestjs/platform-fastify';
import { originOf } from './embedded-app';
import { LoadGenerator, type LoadResult } from './load-generator';
import { progressBar } from './progress';
import { seededRandom } from '@marquee/random';
import { shuffled, type SyntheticCatalogue } from './synthetic';

/** Headers Node and Fastify add to every response themselves. */
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

/**
 * A Fastify instance with nothing but four routes: a small JSON (the ceiling any route of the app
 * could reach), a copy of a related answer (what serialising and sending that answer costs alone),
 * the same answer as prepared JSON text (what sending those bytes alone costs) and that text with
 * every header the app sent with it (what sending that whole response costs, with nothing to work out).
 */
const startBareServer = async (relatedAnswer: unknown, relatedHeaders: Headers) => {
  const fastify = new FastifyAdapter().getInstance();
  const relatedText = JSON.stringify(relatedAnswer);
  const headers: Record<string, string> = {};
  relatedHeaders.forEach((value, name) => {
    if (!TRANSPORT_HEADERS.has(name)) headers[name] = value;
  });
  fastify.get('/bare', async () => ({ ok: true, service: 'marquee' }));
  fastify.get('/bare/related-payload', async () => relatedAnswer);
  fastify.get('/bare/related-text', (_request, reply) => {
    reply.type('application/json; charset=utf-8').send(relatedText);
  });
  fastify.get('/bare/related-response', (_request, reply) => {
    reply.headers(headers).send(relatedText);
  });
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  return { fastify, origin: originOf(fastify.server.address()) };
};

/** Related-cache outcomes from the app's metrics port, to show the cached run hit and the uncached run missed. */
const cacheCounts = async (metricsUrl: string): Promise<{ hit: number; miss: number } | undefined> => {
  const text = await (await fetch(metricsUrl)).text();
  const count = (outcome: string) => {
    const match = new RegExp(`^marquee_related_cache\\w*\\{[^}]*outcome="${outcome}"[^}]*\\}\\s+(\\S+)`, 'm').exec(text);
    return match ? Number(match[1]) : undefined;
  };
  const hit = count('hit');
  const miss = count('miss');
  return hit === undefined || miss === undefined ? undefined : { hit, miss };
};

/** Query parameters of a ~10 % city filter that the API accepts (it answers 400 to parameters it does not know), if any. */
const cityFilterParams = async (origin: string, path: string): Promise<string | undefined> => {
  for (const params of ['city=Antwerpen', 'cities=Antwerpen']) {
    if ((await fetch(`${origin}${path}&${params}`)).status === 200) return params;
  }
  return undefined;
};

export interface HttpRow {
  name: string;
  connections: number;
  /** Requests per second asked for (open loop); undefined: as fast as answers come. */
  rate?: number;
  result: LoadResult;
  cache?: { hit: number; miss: number };
}

export interface LoadSettings {
  connections: number;
  loadSeconds: number;
  warmupSeconds: number;
  relatedLimit: number;
  /** Requests per second of the open-loop uncached run. */
  openLoopRate: number;
  /** The app's `GET /metrics` (its metrics port). */
  metricsUrl: string;
}

export const measureHttp = async (origin: string, synthetic: SyntheticCatalogue, settings: LoadSettings): Promise<HttpRow[]> => {
  const { connections, loadSeconds, warmupSeconds, relatedLimit, openLoopRate, metricsUrl } = settings;
  const ids = shuffled(
    synthetic.films.map((film) => film.id),
    seededRandom(11),
  );
  const related = (id: string, extra = '') => `/events/${encodeURIComponent(id)}/related?limit=${relatedLimit}${extra ? `&${extra}` : ''}`;
  const check = await fetch(`${origin}${related(ids[0])}`);
  if (check.status !== 200) throw new Error(`GET ${related(ids[0])} answered ${check.status}: ${await check.text()}`);
  const answer = (await check.json()) as unknown;
  const bare = await startBareServer(answer, check.headers);
  const load = LoadGenerator.start();
  const rows: HttpRow[] = [];
  try {
    // Each uncached run gets ids of its own (and warm-ups others again), so no request can hit the cache.
    const segment = (part: number) => ids.slice(Math.floor((part * ids.length) / 5), Math.floor(((part + 1) * ids.length) / 5));
    const uncached = (part: number, extra = '') => segment(part).map((id) => related(id, extra));
    const filteredParams = await cityFilterParams(origin, related(ids[0]));
    const cases: { name: string; origin: string; paths: string[]; warm: string[]; connections: number; rate?: number }[] = [
      { name: 'bare Fastify route', origin: bare.origin, paths: ['/bare'], warm: ['/bare'], connections },
      { name: 'bare Fastify, same payload as related', origin: bare.origin, paths: ['/bare/related-payload'], warm: [], connections },
      { name: 'bare Fastify, same bytes as prepared text', origin: bare.origin, paths: ['/bare/related-text'], warm: [], connections },
      { name: 'bare Fastify, same bytes and headers', origin: bare.origin, paths: ['/bare/related-response'], warm: [], connections },
      { name: 'related, cached (same URL)', origin, paths: [related(ids[0])], warm: [related(ids[0])], connections },
      { name: 'related, uncached (new id each request)', origin, paths: uncached(1), warm: uncached(0), connections },
      { name: 'related, uncached, 1 connection', origin, paths: uncached(2), warm: [], connections: 1 },
      { name: `related, uncached, open loop ${openLoopRate} req/s`, origin, paths: uncached(3), warm: [], connections, rate: openLoopRate },
    ];
    if (filteredParams) {
      cases.push({ name: `related, uncached, ${filteredParams}`, origin, paths: uncached(4, filteredParams), warm: [], connections });
    }
    const seconds = cases.reduce((sum, run) => sum + loadSeconds + (run.warm.length ? warmupSeconds : 0), 0);
    const bar = progressBar('HTTP load (autocannon)', seconds, 's');
    for (const run of cases) {
      if (run.warm.length) {
        await load.run({ origin: run.origin, paths: run.warm, connections: run.connections, durationSeconds: warmupSeconds });
        bar.increment(warmupSeconds);
      }
      const before = run.origin === origin ? await cacheCounts(metricsUrl) : undefined;
      const result = await load.run({
        origin: run.origin,
        paths: run.paths,
        connections: run.connections,
        durationSeconds: loadSeconds,
        overallRate: run.rate,
      });
      const after = run.origin === origin ? await cacheCounts(metricsUrl) : undefined;
      bar.increment(loadSeconds);
      const cache = before && after ? { hit: after.hit - before.hit, miss: after.miss - before.miss } : undefined;
      rows.push({ name: run.name, connections: run.connections, rate: run.rate, result, cache });
    }
    bar.stop();
  } finally {
    load.stop();
    await bare.fastify.close();
  }
  return rows;
};
