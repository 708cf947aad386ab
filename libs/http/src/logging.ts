import type { FastifyInstance } from 'fastify';
import type { Params } from 'nestjs-pino';
import type { Logger as Pino } from 'pino';
import type { MarqueeConfig } from '@marquee/config';
import { redactingLoggerOptions } from './redaction';

/**
 * Structured JSON logs through pino. Requests are logged by `logRequests`, not by pino-http's
 * middleware (`forRoutes: []`): that one gives every request, logged or not, a child logger with
 * its serialised, redacted request and an AsyncLocalStorage context, which slows every promise.
 */
export const pinoOptions = (config: MarqueeConfig): Params => ({
  pinoHttp: { level: config.LOG_LEVEL, ...redactingLoggerOptions },
  forRoutes: [],
});

/** Probes are never logged per request. */
const PROBES = /^\/(health|metrics)/;

/**
 * One line per finished request: server errors at `error`, refusals (4xx) at `warn`, the rest at
 * `debug` (LOG_LEVEL=debug for an access log; at hundreds of requests a second per replica an
 * info line each would cost more than serving a cached answer).
 */
export const logRequests = (fastify: FastifyInstance, logger: Pino): void => {
  const log = requestLog(logger);
  fastify.addHook('onResponse', (request, reply, done) => {
    log({ id: request.id, method: request.method, url: request.url }, reply.statusCode, reply.elapsedTime);
    done();
  });
};

export type RequestLog = (request: { id?: string; method?: string; url?: string }, status: number, elapsedMs: number) => void;

/** The line `logRequests` writes, for requests answered before Fastify (they have no Fastify request id). */
export const requestLog =
  (logger: Pino): RequestLog =>
  (request, status, elapsedMs) => {
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'debug';
    if (logger.isLevelEnabled(level) && !PROBES.test(request.url ?? '')) {
      logger[level]({ req: request, res: { statusCode: status }, responseTime: Math.round(elapsedMs) }, 'request completed');
    }
  };
