import Fastify from 'fastify';
import { answerEarly, carriesIdentity, type EarlyAnswers } from './early-answers';

/** An EarlyAnswers that answers whatever it is asked, and says what it was asked. */
const answering = (routes: string[]) => {
  const asked: string[] = [];
  const answers: EarlyAnswers = {
    routes,
    answer: async (request, reply) => {
      asked.push(request.url);
      reply.send({ early: true });
      return true;
    },
  };
  return { answers, asked };
};

describe('early answers (the fenced fast path)', () => {
  it("knows routes that carry a user's identity", () => {
    for (const route of ['GET /users/:id/recommendations', 'GET /users/:id/export', 'GET /me', 'GET /profiles/:id', 'GET /x/:userId'])
      expect({ route, identity: carriesIdentity(route) }).toEqual({ route, identity: true });
    for (const route of ['GET /events/:id/related', 'GET /search', 'GET /events']) expect(carriesIdentity(route)).toBe(false);
  });

  it('refuses at start an allowlist with a route that carries an identity, or a write', () => {
    expect(() => answerEarly(Fastify(), answering(['GET /events/:id/related', 'GET /users/:id/recommendations']).answers)).toThrow(
      /never serve a route that carries a user's identity: "GET \/users\/:id\/recommendations"/,
    );
    expect(() => answerEarly(Fastify(), answering(['POST /events']).answers)).toThrow(/reads only/);
  });

  it('is asked about allowlisted routes only; every other request reaches its handler', async () => {
    const fastify = Fastify();
    const { answers, asked } = answering(['GET /events/:id/related']);
    answerEarly(fastify, answers);
    fastify.get('/events/:id/related', async () => ({ early: false }));
    fastify.get('/users/:id/recommendations', async () => ({ early: false }));
    fastify.get('/events/:id', async () => ({ early: false }));
    try {
      expect((await fastify.inject('/events/a/related?limit=3')).json()).toEqual({ early: true });
      expect((await fastify.inject('/users/a/recommendations')).json()).toEqual({ early: false });
      expect((await fastify.inject('/users/a/related')).statusCode).toBe(404);
      expect((await fastify.inject('/events/a')).json()).toEqual({ early: false });
      expect(asked).toEqual(['/events/a/related?limit=3']);
    } finally {
      await fastify.close();
    }
  });

  it('leaves a request to its handler when the answer is not there or fails', async () => {
    const fastify = Fastify();
    let outcome: 'miss' | 'fail' = 'miss';
    answerEarly(fastify, {
      routes: ['GET /events/:id/related'],
      answer: async () => {
        if (outcome === 'fail') throw new Error('cache down');
        return false;
      },
    });
    fastify.get('/events/:id/related', async () => ({ early: false }));
    try {
      expect((await fastify.inject('/events/a/related')).json()).toEqual({ early: false });
      outcome = 'fail';
      expect((await fastify.inject('/events/a/related')).json()).toEqual({ early: false });
    } finally {
      await fastify.close();
    }
  });
});
