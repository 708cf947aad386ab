import type { FastifyInstance } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { IncomingMessage, OutgoingHttpHeader, RequestListener, ServerResponse } from 'node:http';
import type { RequestLog } from './logging';
import { routeOf } from './rate-limit';

/** A request the early answers are asked about: it matched one of their allowlisted routes on its method and path. */
export interface EarlyRequest {
  raw: IncomingMessage;
  /** The allowlisted route it matched, as Fastify names it ("GET /events/:id/related"). */
  route: string;
  /** The client as Fastify's `request.ip` names it (honours `trustProxy`): what the rate limit keys on. */
  ip: string;
}

/** Headers of this request alone (the rate limit's), sent with the early answer, or set on the response Fastify then sends. */
export type RequestHeaders = readonly (readonly [string, string | number])[];

/** What the early answers make of a request: a body to send (200), or none and the request goes on to Fastify. */
export interface EarlyAnswer {
  /** The body as parts, written as they are (no copy, no re-encoding); absent: Fastify answers. */
  body?: readonly (string | Buffer)[];
  headers: RequestHeaders;
}

/**
 * Answers some requests of a few routes from what it holds (the API's cached related answers),
 * before Fastify sees them: the request listener of `answerBeforeFastify` goes first.
 */
export interface EarlyAnswers {
  /** The routes it may answer, as Fastify names them ("GET /events/:id/related"): an explicit allowlist. */
  readonly routes: readonly string[];
  /** The answer to a request of one of its routes; `undefined` (or no body): Fastify answers it. */
  answer(request: EarlyRequest): Promise<EarlyAnswer | undefined>;
}

/**
 * Routes whose answers depend on who asks (a user id in the path, or the caller's own account): an
 * answer kept for one request must never be served to another, so these are never answered early.
 */
const CARRIES_IDENTITY = /^[A-Z]+ \/(users|me|profiles?|newsletters?)(\/|$)|\/:user|\/me(\/|$)/i;

export const carriesIdentity = (route: string): boolean => CARRIES_IDENTITY.test(route);

/** A route's path as a matcher of request paths: `:name` is one non-empty segment, everything else literal. */
const pathMatcher = (path: string): RegExp =>
  new RegExp(
    `^${path
      .split('/')
      .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/')}$`,
  );

/** The allowlist, checked at start: reads only, never a route that carries a user's identity. */
export const earlyRoutes = (routes: readonly string[]): { route: string; method: string; path: RegExp }[] =>
  routes.map((route) => {
    const match = /^(GET) (\/\S*)$/.exec(route);
    if (!match) throw new Error(`early answers are for reads only (GET /path), not "${route}"`);
    if (carriesIdentity(route)) throw new Error(`early answers must never serve a route that carries a user's identity: "${route}"`);
    return { route, method: match[1], path: pathMatcher(match[2]) };
  });

/** Everything a response's headers may be derived from, besides the route: the URL, the reader's language, the caller's origin (CORS). */
const headForm = (request: IncomingMessage): string =>
  `${request.url}\u0000${request.headers['accept-language'] ?? ''}\u0000${request.headers.origin ?? ''}`;

/** Set by Node on every response, or worked out per answer: never replayed. */
const TRANSPORT_HEADERS: ReadonlySet<string> = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

type Head = readonly (readonly [string, OutgoingHttpHeader])[];

/** Response heads kept, at most (one per request form; forms past it are forgotten least recently used first and go through Fastify once more). */
const MAX_HEADS = 10_000;
/** Distinct heads shared between forms: the same origin and language give the same head for every film. */
const MAX_SHARED_HEADS = 1_024;

/**
 * The headers Fastify sent with the last full 200 answer to each request form of an allowlisted
 * route (CORS, security headers, rate limit, content type, whatever a later plugin adds), in
 * Fastify's order: an early answer replays them, with its own values for the headers of this
 * request alone (the rate limit) and its own content-length. No hand-made twin of any plugin.
 */
export class CapturedHeads {
  private readonly heads: LRUCache<string, Head>;
  private readonly shared = new LRUCache<string, Head>({ max: MAX_SHARED_HEADS });

  constructor(maxBytes = 16 * 1024 * 1024) {
    this.heads = new LRUCache({ max: MAX_HEADS, maxSize: maxBytes });
  }

  capture(request: IncomingMessage, headers: Record<string, OutgoingHttpHeader | undefined>): void {
    const head: [string, OutgoingHttpHeader][] = [];
    for (const name in headers) {
      const value = headers[name];
      if (value !== undefined && !TRANSPORT_HEADERS.has(name.toLowerCase())) head.push([name.toLowerCase(), value]);
    }
    const text = JSON.stringify(head);
    const form = headForm(request);
    // A head already kept is shared and counted once (bounded by the sharing LRU); a new one is counted with the form that brought it.
    let kept = this.shared.get(text);
    const size = 2 * form.length + 64 + (kept ? 0 : 2 * text.length);
    if (!kept) this.shared.set(text, (kept = head));
    this.heads.set(form, kept, { size });
  }

  /** The head of the last full answer to this request's form, if there was one. */
  get(request: IncomingMessage): Head | undefined {
    return this.heads.get(headForm(request));
  }

  /** The header lines of an early answer: the captured ones with this request's own values, then its content-length. */
  static lines(head: Head, own: RequestHeaders, contentLength: number): OutgoingHttpHeader[] {
    const lines: OutgoingHttpHeader[] = [];
    const ownValues = new Map<string, string | number>();
    for (const [name, value] of own) ownValues.set(name.toLowerCase(), value);
    for (const [name, value] of head) {
      const mine = ownValues.get(name);
      lines.push(name, mine ?? value);
      if (mine !== undefined) ownValues.delete(name);
    }
    for (const [name, value] of ownValues) lines.push(name, value);
    lines.push('content-length', contentLength);
    return lines;
  }
}

/**
 * The client address as Fastify's `request.ip` works it out (with the app's `trustProxy`), from its
 * own request class: the early rate limit keys on the very client the guard keys on.
 */
const fastifyClientIp = (fastify: FastifyInstance): ((request: IncomingMessage) => string) => {
  const requestSymbol = Object.getOwnPropertySymbols(fastify).find((symbol) => symbol.description === 'fastify.Request');
  const RequestClass = requestSymbol && (fastify as unknown as Record<symbol, { prototype: object } | undefined>)[requestSymbol];
  if (!RequestClass?.prototype) throw new Error("early answers: Fastify's request class not found (Fastify upgraded?)");
  const prototype = RequestClass.prototype;
  return (raw) => {
    const probe = Object.create(prototype) as { raw: IncomingMessage; ip?: string };
    probe.raw = raw;
    return probe.ip ?? '';
  };
};

export interface EarlyAnswersOptions {
  /** Writes the request line of an early answer, as `logRequests` writes the others. */
  log?: RequestLog;
  /** Bytes of captured heads kept at most (their form texts and unshared heads). */
  maxHeadBytes?: number;
}

/**
 * Lets `answers` answer requests of its allowlisted routes before Fastify: a request listener in
 * front of Fastify's. Fenced: only a request whose method and path match an allowlisted route
 * (checked first, before any lookup) is offered to `answers`, and only once Fastify has sent a full
 * 200 answer to that request form (its headers are then replayed). The allowlist is refused at
 * start if it holds a write or a route that carries a user's identity. Anything not answered (no
 * head yet, a miss, over the limit, an error before the head went out) goes on to Fastify.
 */
export const answerBeforeFastify = (fastify: FastifyInstance, answers: EarlyAnswers, options: EarlyAnswersOptions = {}): CapturedHeads => {
  const routes = earlyRoutes(answers.routes);
  const allowlisted: ReadonlySet<string> = new Set(answers.routes);
  const heads = new CapturedHeads(options.maxHeadBytes);
  const clientIp = fastifyClientIp(fastify);
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (reply.statusCode === 200 && allowlisted.has(routeOf(request))) heads.capture(request.raw, reply.getHeaders());
    done(null, payload);
  });

  const server = fastify.server;
  const [fastifyListener, ...others] = server.listeners('request') as RequestListener[];
  if (!fastifyListener || others.length)
    throw new Error(`expected Fastify's request listener alone, found ${server.listenerCount('request')}`);
  server.removeListener('request', fastifyListener);

  const answer = async (request: IncomingMessage, response: ServerResponse, route: string): Promise<boolean> => {
    const head = heads.get(request);
    if (!head) return false;
    const started = performance.now();
    const early = await answers.answer({ raw: request, route, ip: clientIp(request) });
    if (!early) return false;
    if (!early.body) {
      // Headers of this request (counted by the early rate limit, so the guard skips it) go out with Fastify's answer.
      for (const [name, value] of early.headers) response.setHeader(name, value);
      return false;
    }
    let length = 0;
    for (const part of early.body) length += typeof part === 'string' ? Buffer.byteLength(part) : part.length;
    // One write of the head and the parts; the parts go out as they are, not copied or encoded again.
    response.cork();
    response.writeHead(200, CapturedHeads.lines(head, early.headers, length));
    for (const part of early.body) response.write(part);
    response.end();
    options.log?.({ method: request.method, url: request.url }, 200, performance.now() - started);
    return true;
  };

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const url = request.url ?? '';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const matched = routes.find((route) => route.method === request.method && route.path.test(path));
    if (!matched) return fastifyListener(request, response);
    answer(request, response, matched.route).then(
      (answered) => answered || fastifyListener(request, response),
      // Whatever failed, Fastify answers (and reports it) unless this response had begun.
      () => (response.headersSent ? response.destroy() : fastifyListener(request, response)),
    );
  });
  return heads;
};
