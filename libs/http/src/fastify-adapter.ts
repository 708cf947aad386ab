import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type { HttpSettings } from '@marquee/config';
import { MAX_EVENT_BYTES } from '@marquee/domain';

type ErrorHandler = Parameters<FastifyAdapter['setErrorHandler']>[0];

/** The client closed its connection before the request arrived whole: nothing to answer, nobody to blame. */
export const isClientAbort = (error: unknown, request: FastifyRequest): boolean =>
  error instanceof Error &&
  ((error as NodeJS.ErrnoException).code === 'ECONNRESET' || error.message === 'aborted') &&
  (request.raw.destroyed || request.raw.socket?.destroyed === true);

/** Told of every request whose client went away (logged at debug); set once the app's logger exists. */
export type ClientAbortLog = (request: FastifyRequest) => void;

/**
 * Fastify under Nest with the edge's limits: body size, request, header and idle timeouts (Node
 * checks them every `connectionsCheckingInterval`, kept a fraction of the shortest), and client
 * aborts kept away from Nest's exception handler, which would log each as a server error with a stack.
 */
export class MarqueeFastifyAdapter extends FastifyAdapter {
  onClientAbort: ClientAbortLog | undefined;

  constructor(settings: Pick<HttpSettings, 'requestTimeoutMs' | 'headersTimeoutMs' | 'connectionTimeoutMs' | 'trustProxy'>) {
    super({
      bodyLimit: MAX_EVENT_BYTES,
      routerOptions: { maxParamLength: 200 },
      skipMiddie: true,
      trustProxy: settings.trustProxy,
      requestTimeout: settings.requestTimeoutMs,
      connectionTimeout: settings.connectionTimeoutMs,
      http: {
        headersTimeout: settings.headersTimeoutMs,
        connectionsCheckingInterval: Math.max(250, Math.min(5_000, Math.floor(settings.headersTimeoutMs / 4))),
      },
    });
  }

  override setErrorHandler(handler: ErrorHandler) {
    const onClientAbort = () => this.onClientAbort;
    return super.setErrorHandler(function (this: unknown, error, request, reply) {
      if (!isClientAbort(error, request)) return (handler as (...args: unknown[]) => unknown).call(this, error, request, reply);
      onClientAbort()?.(request);
      // The socket is gone: Fastify writes nothing to it, but the request is finished and its hooks run.
      reply.code(499).send();
    } as ErrorHandler);
  }
}
