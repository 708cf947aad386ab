import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import { CachedRelatedAnswers, createApiApp } from '@marquee/api-app';
import { validateMarqueeConfig } from '@marquee/config';
import type { FilmEvent } from '@marquee/domain';
import { eventually } from '../support/eventually';
import { addedEvent, removedEvent, testFilm } from '../support/films';
import { metricsText } from '../support/metrics';
import { teardownAfterAll } from '../support/teardown';

/**
 * Cache hits of related events answered before Fastify (the fast path), in embedded mode with the
 * real Redis behind the in-process tier, over real HTTP (inject() would bypass the server): what
 * they answer must not differ from what the controller answers, except for the fresh recommendationId.
 */
const run = randomUUID().slice(0, 8);
const API_KEY = 'marquee-development-key';
const RATE_LIMIT = 200;
const cachePrefix = `marquee-e2e-fast-path-${run}:`;
const id = (name: string) => `${name}-${run}`;
const ORIGIN = { origin: 'https://listing.example' };

const synopses: Record<string, string> = {
  exile: 'A Moroccan family leaves Casablanca and emigrates to Belgium: migration, exile and uprooting.',
  border: 'Refugees wait at a closed border between Morocco and Spain, hoping to emigrate to Europe.',
  harbour: 'A dock worker in Antwerp hides a young migrant who crossed the sea from North Africa.',
  letters: 'Letters between a mother in Tangier and her son who emigrated to Brussels, over twenty years.',
  kitchen: 'A family restaurant in Brussels run by Moroccan immigrants faces its last winter.',
  chess: 'A chess prodigy from Kyiv plays the world championship while the war goes on at home.',
};
// Text beyond ASCII (and beyond Latin-1), so byte-for-byte comparisons cover the encoding too.
const film = (name: string, title = name) =>
  testFilm(
    id(name),
    { titles: { en: title, nl: `${title} (nl)` }, synopses: { en: `${synopses[name]} Café — «été» ✓` } },
    { hoursFromNow: [30, 60] },
  );

describe('cached related answers before validation (embedded mode, Redis)', () => {
  const teardown = teardownAfterAll();
  let app: NestFastifyApplication;
  let port: number;
  const related = (name: string, query = 'limit=4&lang=en') => `/events/${id(name)}/related?${query}`;
  /** GET over HTTP; `localAddress` (any of 127.0.0.0/8) makes another client for the rate limit. */
  const get = (path: string, headers: Record<string, string> = {}, localAddress = '127.0.0.1') =>
    new Promise<{ statusCode: number; headers: IncomingHttpHeaders; rawHeaders: string[]; body: string; json(): any }>(
      (resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path, headers, localAddress }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () =>
            resolve({
              statusCode: res.statusCode ?? 0,
              headers: res.headers,
              rawHeaders: res.rawHeaders,
              body,
              json: () => JSON.parse(body),
            }),
          );
        });
        req.on('error', reject);
        req.end();
      },
    );
  const publish = async (...events: FilmEvent[]) => {
    for (const event of events) {
      const response = await app.inject({ method: 'POST', url: '/events', headers: { 'x-api-key': API_KEY }, payload: event });
      expect(response.statusCode).toBe(202);
    }
  };
  const metric = async (name: string, labels = '') => {
    const text = await metricsText(app);
    const match = new RegExp(`^${name}${labels.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text);
    return match ? Number(match[1]) : Number.NaN;
  };
  const counts = async () => ({
    early: await metric('marquee_related_early_answers_total'),
    hit: await metric('marquee_related_cache_requests_total', '{outcome="hit"}'),
    miss: await metric('marquee_related_cache_requests_total', '{outcome="miss"}'),
  });
  /** The header lines as sent, in order, with the values that may differ between two answers to the same request blanked. */
  const comparable = (rawHeaders: string[]) =>
    rawHeaders.map((value, i) =>
      i % 2 === 1 && ['date', 'x-ratelimit-remaining'].includes(rawHeaders[i - 1].toLowerCase()) ? '-' : value,
    );
  const withoutRecommendationId = (body: string) => body.replace(/"recommendationId":"[^"]+"/, '"recommendationId":"-"');

  beforeAll(async () => {
    for (const name of ['KAFKA_BROKERS', 'API_KEY', 'PORT']) delete process.env[name];
    Object.assign(process.env, {
      DEMO_CATALOGUE: 'false',
      SNAPSHOT_DIR: 'off',
      LOG_LEVEL: 'silent',
      REDIS_URL: 'redis://127.0.0.1:6379',
      CACHE_KEY_PREFIX: cachePrefix,
      RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
    });
    teardown.track('redis', new Redis('redis://127.0.0.1:6379'), async (client) => {
      const keys = await client.keys(`${cachePrefix}*`);
      if (keys.length) await client.del(...keys);
      client.disconnect();
    });
    teardown.add('environment', () => {
      for (const name of ['REDIS_URL', 'CACHE_KEY_PREFIX', 'RATE_LIMIT_PER_MINUTE', 'DEMO_CATALOGUE']) delete process.env[name];
    });
    app = teardown.track('api', await createApiApp(validateMarqueeConfig(process.env), { logs: false }), (api) => api.close());
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
    await publish(...Object.keys(synopses).map((name) => addedEvent(film(name))));
    await eventually(async () => {
      for (const name of Object.keys(synopses)) expect((await get(`/events/${id(name)}`)).statusCode).toBe(200);
    }, 60_000);
  }, 120_000);

  it('answers a repeated request early with the very body and headers the controller sends for a hit', async () => {
    const before = await counts();
    const first = await get(related('exile'), ORIGIN);
    expect(first.statusCode).toBe(200);
    expect(first.json().cached).toBe(false);

    const early = await get(related('exile'), ORIGIN);
    // The same query in another order: another request form, so validated by Nest and answered from the cache there.
    const validated = await get(related('exile', 'lang=en&limit=4'), ORIGIN);
    const earlyAgain = await get(related('exile'), ORIGIN);
    expect(await counts()).toEqual({ early: before.early + 2, hit: before.hit + 3, miss: before.miss + 1 });

    expect(validated.json().cached).toBe(true);
    expect(withoutRecommendationId(early.body)).toBe(withoutRecommendationId(validated.body));
    expect(comparable(early.rawHeaders)).toEqual(comparable(validated.rawHeaders));
    expect(early.headers['access-control-allow-origin']).toBe(ORIGIN.origin);
    expect(early.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(early.headers['x-content-type-options']).toBe('nosniff');
    expect(Number(validated.headers['x-ratelimit-remaining'])).toBe(Number(early.headers['x-ratelimit-remaining']) - 1);

    // Without an Origin header, no CORS origin either way. The first such request goes through Fastify (an early
    // answer replays the head Fastify sent to the same request form, and the origin is part of it); the next is early.
    await get(related('exile'));
    const beforeNoOrigin = await counts();
    const earlyNoOrigin = await get(related('exile'));
    const validatedNoOrigin = await get(related('exile', 'lang=en&limit=4'));
    expect((await counts()).early).toBe(beforeNoOrigin.early + 1);
    expect(earlyNoOrigin.headers['access-control-allow-origin']).toBeUndefined();
    expect(comparable(earlyNoOrigin.rawHeaders)).toEqual(comparable(validatedNoOrigin.rawHeaders));
    expect(withoutRecommendationId(earlyNoOrigin.body)).toBe(withoutRecommendationId(validatedNoOrigin.body));

    const recommendationIds = [first, early, validated, earlyAgain].map((r) => r.json().recommendationId as string);
    for (const recommendationId of recommendationIds)
      expect(recommendationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new Set(recommendationIds).size).toBe(4);
  });

  it('answers another reader language from its own validated request, never from the first one', async () => {
    await get(related('border', 'limit=4'), { 'accept-language': 'en' });
    const english = await get(related('border', 'limit=4'), { 'accept-language': 'en' });
    const before = await counts();
    const dutch = await get(related('border', 'limit=4'), { 'accept-language': 'nl' });
    expect((await counts()).early).toBe(before.early);
    expect(dutch.json().cached).toBe(false);
    expect(english.json().results[0].title).not.toMatch(/\(nl\)$/);
    expect(dutch.json().results[0].title).toMatch(/\(nl\)$/);
  });

  it('still refuses invalid requests with 400, however often they come', async () => {
    const before = await counts();
    for (const query of ['limit=4&diversity=2', 'limit=4&lat=51', 'limit=4&colour=red']) {
      for (let i = 0; i < 3; i++) {
        const response = await get(related('exile', query));
        expect({ query, status: response.statusCode }).toEqual({ query, status: 400 });
      }
    }
    expect(await counts()).toEqual(before);
  });

  it('never answers from an older catalogue: a changed film is shown changed, a removed one is 404', async () => {
    const url = related('letters');
    const titles = async () => ((await get(url)).json().results as Array<{ id: string; title: string }>).map((r) => [r.id, r.title]);
    await get(url);
    const cached = await get(url);
    expect(cached.json().cached).toBe(true);
    const listed = (cached.json().results as Array<{ id: string }>).map((r) => r.id);
    const changed = listed[0].slice(0, -run.length - 1);

    await publish(addedEvent(film(changed, `${changed} restored`), 2));
    await eventually(async () => expect(await titles()).toContainEqual([id(changed), `${changed} restored`]), 30_000);
    expect((await get(url)).json().cached).toBe(true);

    await publish(removedEvent(id('letters'), 2));
    await eventually(async () => expect((await get(url)).statusCode).toBe(404), 30_000);
  });

  it("never answers a route that carries a user's identity, even for a request form it was told is valid", async () => {
    const answers = app.get(CachedRelatedAnswers);
    const remembered = jest.spyOn(answers, 'remember');
    const url = related('harbour');
    await get(url);
    expect((await get(url)).json().cached).toBe(true);
    const key = remembered.mock.calls[0][1];
    remembered.mockRestore();
    // As if a bug in a controller handed the fast path a user's request form with a cached answer's key.
    const personal = `/users/${id('visitor')}/recommendations?limit=4`;
    answers.remember({ url: personal, headers: {} } as IncomingMessage, key);
    const before = await counts();
    const answer = await get(personal);
    expect((await counts()).early).toBe(before.early);
    expect(answer.json()).toMatchObject({ userId: id('visitor') });
    expect(answer.json().eventId).toBeUndefined();
    expect(answer.statusCode).toBe(200);
  });

  it('counts early answers against the rate limit, shared with the requests Nest answers', async () => {
    // A client of its own, whose count starts here.
    const client = '127.0.0.3';
    const url = related('kitchen');
    expect((await get(url, {}, client)).headers['x-ratelimit-remaining']).toBe(String(RATE_LIMIT - 1));
    const early = await get(url, {}, client);
    const { early: earlyBefore } = await counts();
    let remaining = Number(early.headers['x-ratelimit-remaining']);
    expect(remaining).toBe(RATE_LIMIT - 2);
    while (remaining > 0) {
      const response = await get(url, {}, client);
      expect(response.statusCode).toBe(200);
      expect(Number(response.headers['x-ratelimit-remaining'])).toBe(remaining - 1);
      remaining -= 1;
    }
    expect((await counts()).early).toBe(earlyBefore + RATE_LIMIT - 2);

    const refusedEarly = await get(url, {}, client);
    const refusedByNest = await get(related('kitchen', 'lang=en&limit=4'), {}, client);
    expect(refusedEarly.statusCode).toBe(429);
    expect(refusedEarly.body).toBe(refusedByNest.body);
    expect(comparable(refusedEarly.rawHeaders)).toEqual(comparable(refusedByNest.rawHeaders));
    expect(refusedEarly.headers['retry-after']).toEqual(expect.any(String));
    // Another client is not limited.
    expect((await get(url, {}, '127.0.0.4')).statusCode).toBe(200);
  });
});
