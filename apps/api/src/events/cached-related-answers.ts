import { Inject, Injectable } from '@nestjs/common';
import { InjectThrottlerStorage, type ThrottlerStorage } from '@nestjs/throttler';
import { LRUCache } from 'lru-cache';
import type { IncomingMessage } from 'node:http';
import type { Registry } from 'prom-client';
import { MARQUEE_CONFIG, memoryCacheSettings, type MarqueeConfig } from '@marquee/config';
import { EarlyRateLimit, rateLimitOf, type EarlyAnswer, type EarlyAnswers, type EarlyRequest } from '@marquee/http';
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
 * time: in an `onRequest` hook the cached ratio fell from 0.57x to 0.31-0.35x, see docs/http-edge.md).
 * Fenced by `answerBeforeFastify`: only requests whose method and path match the allowlisted
 * `routes` are offered here, never a route that carries a user's identity, and only once Fastify
 * sent a full answer to that request form, whose headers (CORS, security, content type) the early
 * answer replays. This only answers a request whose exact form (URL and Accept-Language) passed
 * validation before, from the answer key that validation produced: an invalid request never gets a
 * key, so it still gets its 400 from the pipe. Keys carry no epoch (the cache key adds the current
 * one), so a changed catalogue is never served from here. The rate limit is counted here as the
 * guard counts it (same bucket, same client: Fastify's `request.ip`), and the guard then skips the
 * request; a miss, a film gone or a client over its limit goes on to Fastify, which answers as it
 * always did. Tests compare an early answer with the controller's byte for byte.
 */
@Injectable()
export class CachedRelatedAnswers implements EarlyAnswers {
  private readonly keys: LRUCache<string, RelatedAnswerKey>;
  private readonly rateLimit: EarlyRateLimit;
  private answered = 0;
  /** The one route answered here: never one that carries a user's identity (`answerEarly` refuses those at start). */
  readonly routes = [RELATED_ROUTE];

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
      help: 'Related-events cache hits answered before Fastify, for a request seen valid before (also counted as hits)',
      read: () => ({ '': this.answered }),
    });
  }

  /** Called by the controller once a request has passed validation and been answered. */
  remember(request: IncomingMessage, key: RelatedAnswerKey): void {
    const form = requestForm(request);
    if (!this.keys.has(form)) this.keys.set(form, key);
  }

  /** A cache hit of a request form seen valid before, or no body: Fastify answers (with the rate-limit headers counted here). */
  async answer(request: EarlyRequest): Promise<EarlyAnswer | undefined> {
    const key = this.keys.get(requestForm(request.raw));
    if (key === undefined) return undefined;
    const headers = await this.rateLimit.admit(RELATED_ROUTE, request);
    if (!headers) return undefined;
    const body = await this.related.cachedAnswer(key, new Date());
    // Counted already: the guard skips it, so Fastify's answer needs the headers the guard would have set.
    if (body === undefined) return { headers };
    this.answered += 1;
    // The result list goes out as the bytes kept, not encoded again.
    return { headers, body: [body.before, body.results, body.after] };
  }
}
