import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';

type CorsOptions = NonNullable<Parameters<NestFastifyApplication['enableCors']>[0]>;

/** Writes any web page may send with a visitor's browser: the widget's feedback beacon. Every other write is same-origin only. */
const PUBLIC_WRITES: ReadonlySet<string> = new Set(['/feedback']);

/** Headers a cross-origin caller may send: never `x-api-key` or `authorization`, so no page can use a key it learnt. */
const ALLOWED_HEADERS = ['accept', 'accept-language', 'content-type'];
const PREFLIGHT_MAX_AGE_SECONDS = 600;

const pathOf = (url: string): string => {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
};

/**
 * Which methods pages on other origins may use on this path: reads everywhere (listing sites embed
 * the widget), POST on the public beacon only. For a preflight the method asked for is judged.
 */
const crossOriginMethods = (path: string): string[] => (PUBLIC_WRITES.has(path) ? ['POST'] : ['GET', 'HEAD']);

export const crossOriginAllowed = (method: string, path: string, preflightMethod?: string): boolean => {
  const asked = method === 'OPTIONS' ? (preflightMethod ?? '').toUpperCase() : method;
  return crossOriginMethods(path).includes(asked);
};

const allowing = (methods: string[]): CorsOptions => ({
  origin: true,
  methods,
  allowedHeaders: ALLOWED_HEADERS,
  maxAge: PREFLIGHT_MAX_AGE_SECONDS,
});
const READS = allowing(['GET', 'HEAD']);
const BEACON = allowing(['POST']);
/** No CORS headers at all: the browser keeps the response from the page, and a preflight gets 404. */
const REFUSED: CorsOptions = { origin: false };

/** @fastify/cors options decided per request: reads and the beacon reflect the origin, any other write gets no CORS allowance. */
export const corsPolicy: CorsOptions = {
  delegator: (request: FastifyRequest, callback: (error: Error | null, options?: CorsOptions) => void) => {
    const path = pathOf(request.url);
    const preflightMethod = request.headers['access-control-request-method'];
    const allowed = crossOriginAllowed(request.method, path, typeof preflightMethod === 'string' ? preflightMethod : undefined);
    callback(null, allowed ? (PUBLIC_WRITES.has(path) ? BEACON : READS) : REFUSED);
  },
};
