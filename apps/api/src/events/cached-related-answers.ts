import { Inject, Injectable } from '@nestjs/common';
import { InjectThrottlerStorage, type ThrottlerStorage } from '@nestjs/throttler';
import { LRUCache } from 'lru-cache';
import type { IncomingMessage, OutgoingHttpHeader, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { MARQUEE_CONFIG, memoryCacheSettings, type MarqueeConfig } from '@marquee/config';
import { EarlyRateLimit, JSON_TEXT, rateLimitOf, type EarlyAnswers, type ResponseConventions } from '@marquee/http';
import { METRICS_REGISTRY, scrapedCounter } from '@marquee/metrics';
import { RelatedEventsService, type RelatedAnswerKey } from '@marquee/recommending';

/** The route, as Fastify and the rate limit name it, whose cache hits are answered early. */
const RELATED_ROUTE = 'GET /events/:id/related';
/** Request forms remembered, at most; the least recently used is forgotten first (it then goes through validation once more). */
const MAX_REMEMBERED = 10_000;
/** What a remembered form is counted for: its text (UTF-16 at worst) and its answer key. */
const formBytes = (key: RelatedAnswerKey, form: string): number => 2 * (form.length + key.filmId.length + key.optionsHash.length) + 128;

/** Everything a related answer is derived from: the URL (path and query) and the header that can pick its language. */
const requestForm = (request: IncomingMessage): string => `${request.url}\u0000${request.headers['accept-language'] ?? ''}`;

/**
 * Cache hits of `GET /events/:id/related`, answered as soon as Node has parsed the request, before
 * Fastify's routing and hooks and Nest's guard, pipes and controller (which took most of a hit's
 * time). Only a request whose exact form (URL and Accept-Language) passed validation before is
 * answered here, from the answer key that validation produced: an invalid request never gets a
 * key, so it still gets its 400 from the pipe. Keys carry no epoch (the cache key adds the current
 * one), so a changed catalogue is never served from here. The rate limit is counted here as the
 * guard counts it, and the guard then skips the request; a miss, a film gone or a client over its
 * limit goes on to Fastify, which answers as it always did. An early answer carries the headers
 * Fastify would send; tests compare the two byte for byte.
 */
@Injectable()
export class CachedRelatedAnswers implements EarlyAnswers {
  private readonly keys: LRUCache<string, RelatedAnswerKey>;
  private readonly rateLimit: EarlyRateLimit;
  private conventions: ResponseConventions | undefined;
  private answered = 0;

  constructor(
    private readonly related: RelatedEventsService,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    @Inject(MARQUEE_CONFIG) config: MarqueeConfig,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.rateLimit = new EarlyRateLimit(storage, rateLimitOf(config));
    this.keys = new LRUCache({
      max: MAX_REMEMBERED,
      maxSize: memoryCacheSettings(config).requestFormsMaxBytes,
      sizeCalculation: formBytes,
    });
    scrapedCounter(registry, {
      name: 'marquee_related_early_answers_total',
      help: 'Related-events cache hits answered before routing, for a request seen valid before (also counted as hits)',
      read: () => ({ '': this.answered }),
    });
  }

  /** Called by the controller once a request has passed validation and been answered. */
  remember(request: IncomingMessage, key: RelatedAnswerKey): void {
    const form = requestForm(request);
    if (!this.keys.has(form)) this.keys.set(form, key);
  }

  /** Starts answering, with what every other response gets; until then every request goes on. */
  serveWith(conventions: ResponseConventions): void {
    this.conventions = conventions;
  }

  /**
   * Takes the request when it may be answered here (true); `fallBack` gets it when it turns out it
   * cannot (a miss, a film gone, over the limit). False: not taken, the caller passes it on itself.
   */
  take(
    request: IncomingMessage,
    response: ServerResponse,
    fallBack: (request: IncomingMessage, response: ServerResponse) => void,
  ): boolean {
    const key = request.method === 'GET' && this.conventions ? this.keys.get(requestForm(request)) : undefined;
    if (key === undefined) return false;
    this.answer(key, request, response).then(
      (answered) => answered || fallBack(request, response),
      // Whatever failed, Fastify answers (and reports it) unless this response had begun.
      () => (response.headersSent ? response.destroy() : fallBack(request, response)),
    );
    return true;
  }

  private async answer(key: RelatedAnswerKey, request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const started = performance.now();
    const rateLimitHeaders = await this.rateLimit.admit(RELATED_ROUTE, request);
    if (!rateLimitHeaders) return false;
    const body = await this.related.cachedAnswer(key, new Date());
    if (body === undefined) {
      // Counted already: the guard skips it, so its response needs the headers the guard would have set.
      for (const [name, value] of rateLimitHeaders) response.setHeader(name, value);
      return false;
    }
    this.answered += 1;
    const { cors, security, log } = this.conventions as ResponseConventions;
    const headers: OutgoingHttpHeader[] = [];
    for (const [name, value] of cors(request.headers.origin)) headers.push(name, value);
    for (const name in security) headers.push(name, security[name]);
    for (const [name, value] of rateLimitHeaders) headers.push(name, value);
    const { before, results, after } = body;
    headers.push('content-type', JSON_TEXT, 'content-length', Buffer.byteLength(before) + results.length + Buffer.byteLength(after));
    // One write of the head and three parts; the result list goes out as the bytes kept, not encoded again.
    response.cork();
    response.writeHead(200, headers).write(before);
    response.write(results);
    response.end(after);
    log?.({ method: request.method, url: request.url }, 200, performance.now() - started);
    return true;
  }
}
