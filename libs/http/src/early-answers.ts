import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { routeOf } from './rate-limit';

/**
 * Answers some requests of a few routes from what it holds (the API's cached related answers),
 * in an `onRequest` hook: after Fastify routed the request and after the CORS and security-header
 * hooks set their headers, before validation, guards and the controller.
 */
export interface EarlyAnswers {
  /** The routes it may answer, as Fastify names them ("GET /events/:id/related"): an explicit allowlist. */
  readonly routes: readonly string[];
  /** Sends the reply and resolves true, or resolves false and leaves the request to its route. */
  answer(request: FastifyRequest, reply: FastifyReply): Promise<boolean>;
}

/**
 * Routes whose answers depend on who asks (a user id in the path, or the caller's own account): an
 * answer kept for one request must never be served to another, so these are never answered early.
 */
const CARRIES_IDENTITY = /^[A-Z]+ \/(users|me|profiles?|newsletters?)(\/|$)|\/:user|\/me(\/|$)/i;

export const carriesIdentity = (route: string): boolean => CARRIES_IDENTITY.test(route);

/** Lets `answers` answer requests of its allowlisted routes early; refuses at start an allowlist that is not safe. */
export const answerEarly = (fastify: FastifyInstance, answers: EarlyAnswers): void => {
  for (const route of answers.routes) {
    if (!/^(GET|HEAD) \/\S*$/.test(route)) throw new Error(`early answers are for reads only, not "${route}"`);
    if (carriesIdentity(route)) throw new Error(`early answers must never serve a route that carries a user's identity: "${route}"`);
  }
  const routes: ReadonlySet<string> = new Set(answers.routes);
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!routes.has(routeOf(request))) return done();
    answers.answer(request, reply).then(
      (answered) => answered || done(),
      // Whatever failed, the route answers (and reports it) unless this reply had gone out.
      () => reply.sent || done(),
    );
  });
};
