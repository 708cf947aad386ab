import Fastify, { type FastifyServerOptions } from 'fastify';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerBeforeFastify, carriesIdentity, earlyRoutes, type EarlyAnswer, type EarlyAnswers, type EarlyRequest } from './early-answers';

const RELATED = 'GET /events/:id/related';

/** Early answers that answer whatever they are offered with `reply`, and note what they were offered. */
const answering = (routes: string[], reply: (request: EarlyRequest) => EarlyAnswer | undefined | Promise<EarlyAnswer | undefined>) => {
  const offered: EarlyRequest[] = [];
  const answers: EarlyAnswers = {
    routes,
    answer: async (request) => {
      offered.push(request);
      return reply(request);
    },
  };
  return { answers, offered };
};

interface Answer {
  status: number;
  rawHeaders: string[];
  body: string;
}

/** GET over real HTTP (Fastify's inject would bypass the server's request listeners), one connection per request. */
const get = (port: number, path: string, headers: Record<string, string> = {}, method = 'GET') =>
  new Promise<Answer>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, rawHeaders: res.rawHeaders, body }));
    });
    req.on('error', reject);
    req.end();
  });

/** The header lines as sent, in order, without the ones Node sets per response. */
const lines = (answer: Answer) => {
  const kept: string[] = [];
  for (let i = 0; i < answer.rawHeaders.length; i += 2) {
    if (!['date', 'connection', 'keep-alive'].includes(answer.rawHeaders[i].toLowerCase()))
      kept.push(`${answer.rawHeaders[i].toLowerCase()}: ${answer.rawHeaders[i + 1]}`);
  }
  return kept;
};

/**
 * A Fastify app standing in for the API: a hook setting headers on every response as the CORS and
 * security-header plugins do (the origin reflected), a rate-limit header set by the "guard", three routes.
 */
const app = async (answers: EarlyAnswers, options: FastifyServerOptions = {}) => {
  const fastify = Fastify(options);
  let remaining = 100;
  const ips: string[] = [];
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('vary', 'Origin');
    if (request.headers.origin) reply.header('access-control-allow-origin', request.headers.origin);
    reply.header('x-content-type-options', 'nosniff');
    done();
  });
  fastify.get('/events/:id/related', async (request, reply) => {
    ips.push(request.ip);
    reply.header('x-ratelimit-remaining', String((remaining -= 1)));
    reply.type('application/json; charset=utf-8');
    return `{"from":"controller","id":"${(request.params as { id: string }).id}","text":"Café — ✓"}`;
  });
  fastify.get('/users/:id/recommendations', async () => ({ from: 'controller' }));
  fastify.get('/events/:id', async () => ({ from: 'controller' }));
  const heads = answerBeforeFastify(fastify, answers);
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  return { fastify, heads, ips, port: (fastify.server.address() as AddressInfo).port };
};

const withApp = async (
  answers: EarlyAnswers,
  test: (running: Awaited<ReturnType<typeof app>>) => Promise<void>,
  options?: FastifyServerOptions,
) => {
  const running = await app(answers, options);
  try {
    await test(running);
  } finally {
    await running.fastify.close();
  }
};

const earlyBody = (id: string) => ['{"from":"controller","id":"', Buffer.from(id), '","text":"Café — ✓"}'];

describe('early answers (the fenced fast path in front of Fastify)', () => {
  it("knows routes that carry a user's identity", () => {
    for (const route of ['GET /users/:id/recommendations', 'GET /users/:id/export', 'GET /me', 'GET /profiles/:id', 'GET /x/:userId'])
      expect({ route, identity: carriesIdentity(route) }).toEqual({ route, identity: true });
    for (const route of ['GET /events/:id/related', 'GET /search', 'GET /events']) expect(carriesIdentity(route)).toBe(false);
  });

  it('refuses at start an allowlist with a route that carries an identity, or a write', () => {
    const none = () => undefined;
    expect(() => answerBeforeFastify(Fastify(), answering([RELATED, 'GET /users/:id/recommendations'], none).answers)).toThrow(
      /never serve a route that carries a user's identity: "GET \/users\/:id\/recommendations"/,
    );
    for (const route of ['POST /events', 'DELETE /events/:id', 'GET events'])
      expect(() => answerBeforeFastify(Fastify(), answering([route], none).answers)).toThrow(/reads only/);
  });

  it('matches the allowlisted route on the method and whole path, a parameter being one segment', () => {
    const [route] = earlyRoutes([RELATED]);
    expect(['/events/a/related', '/events/a%2Fb/related'].map((path) => route.path.test(path))).toEqual([true, true]);
    expect(
      ['/events/a/b/related', '/events//related', '/events/a/related/x', '/users/a/related', 'x/events/a/related'].some((path) =>
        route.path.test(path),
      ),
    ).toBe(false);
  });

  it('is offered requests of allowlisted routes only, once Fastify answered that request form in full; every other request reaches its handler', async () => {
    const { answers, offered } = answering([RELATED], (request) => ({ headers: [], body: earlyBody(request.raw.url ?? '') }));
    await withApp(answers, async ({ port }) => {
      // The first request of a form goes to Fastify: its head is what the early answers replay.
      expect(JSON.parse((await get(port, '/events/a/related?limit=3')).body).from).toBe('controller');
      expect(offered).toEqual([]);
      expect((await get(port, '/events/a/related?limit=3')).body).toContain('"id":"/events/a/related?limit=3"');
      // A route that carries an identity, answered 200 by Fastify, is still never offered; nor are other paths and methods.
      for (let i = 0; i < 2; i++) {
        expect(JSON.parse((await get(port, '/users/a/recommendations')).body).from).toBe('controller');
        expect(JSON.parse((await get(port, '/events/a')).body).from).toBe('controller');
        expect((await get(port, '/events/a/related/x')).status).toBe(404);
        expect((await get(port, '/events/a/related?limit=3', {}, 'POST')).status).toBe(404);
      }
      expect(offered.map((request) => [request.route, request.raw.url])).toEqual([[RELATED, '/events/a/related?limit=3']]);
    });
  });

  it("sends the very header lines Fastify sent, with this request's own values (rate limit) and length", async () => {
    let own: [string, string][] = [];
    const { answers } = answering([RELATED], () => ({ headers: own, body: earlyBody('b') }));
    await withApp(answers, async ({ port }) => {
      for (const headers of [
        { origin: 'https://listing.example' },
        {},
        { origin: 'https://other.example', 'accept-language': 'nl' },
      ] as Record<string, string>[]) {
        const full = await get(port, '/events/b/related', headers);
        own = [['x-ratelimit-remaining', '7']];
        const early = await get(port, '/events/b/related', headers);
        own = [];
        expect(early.body).toBe(full.body);
        expect(lines(early)).toEqual(
          lines(full).map((line) => (line.startsWith('x-ratelimit-remaining:') ? 'x-ratelimit-remaining: 7' : line)),
        );
        expect(lines(early)).toContain(headers.origin ? `access-control-allow-origin: ${headers.origin}` : 'vary: Origin');
        if (!headers.origin) expect(lines(early).some((line) => line.startsWith('access-control-allow-origin'))).toBe(false);
      }
    });
  });

  it("never replays one origin's head to another: a new origin goes through Fastify first", async () => {
    const { answers, offered } = answering([RELATED], () => ({ headers: [], body: earlyBody('c') }));
    await withApp(answers, async ({ port }) => {
      await get(port, '/events/c/related', { origin: 'https://a.example' });
      const other = await get(port, '/events/c/related', { origin: 'https://b.example' });
      expect(offered).toEqual([]);
      expect(lines(other)).toContain('access-control-allow-origin: https://b.example');
    });
  });

  it('leaves a request to Fastify when there is no answer, with the headers counted early, or when answering fails', async () => {
    let outcome: 'miss' | 'counted' | 'fail' = 'miss';
    const { answers, offered } = answering([RELATED], () => {
      if (outcome === 'fail') throw new Error('cache down');
      return outcome === 'counted' ? { headers: [['x-early-count', 1]] } : undefined;
    });
    await withApp(answers, async ({ port }) => {
      await get(port, '/events/d/related');
      for (const next of ['miss', 'counted', 'fail'] as const) {
        outcome = next;
        const answer = await get(port, '/events/d/related');
        expect({ next, status: answer.status, from: JSON.parse(answer.body).from }).toEqual({ next, status: 200, from: 'controller' });
        expect(lines(answer).includes('x-early-count: 1')).toBe(next === 'counted');
      }
      expect(offered).toHaveLength(3);
    });
  });

  it.each([false, true, 1, 'loopback', '10.0.0.1'])('names the client as Fastify does with trustProxy %p', async (trustProxy) => {
    const { answers, offered } = answering([RELATED], () => undefined);
    await withApp(
      answers,
      async ({ port, ips }) => {
        for (const headers of [{}, { 'x-forwarded-for': '203.0.113.7' }, { 'x-forwarded-for': '198.51.100.1, 203.0.113.8' }] as Record<
          string,
          string
        >[]) {
          await get(port, '/events/e/related', headers);
          await get(port, '/events/e/related', headers);
        }
        // The first request of the form had no head yet, so it was never offered; every later one was, and answered by Fastify.
        expect(offered.map((request) => request.ip)).toEqual(ips.slice(1));
        expect(new Set(ips).size).toBe(trustProxy === false || trustProxy === '10.0.0.1' ? 1 : 3);
      },
      { trustProxy },
    );
  });
});
