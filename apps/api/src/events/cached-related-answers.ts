import { Inject, Injectable } from '@nestjs/common';
import { InjectThrottlerStorage, type ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { RelatedAnswerKey } from '@marquee/catalogue';
import type { MarqueeConfig } from '@marquee/config';
import { MARQUEE_CONFIG, METRICS_REGISTRY, scrapedCounter } from '@marquee/infrastructure';
import type { Registry } from 'prom-client';
import { CatalogueReplica } from '../catalogue/catalogue-replica.service';
import { JSON_TEXT } from '../http/json-text';
import { EarlyRateLimit, rateLimitOf, routeOf } from '../http/rate-limit';

/** The route, as Fastify names it, whose cache hits are answered early. */
const RELATED_ROUTE = 'GET /events/:id/related';
/** Request forms remembered; the oldest is forgotten first (it then goes through validation once more). */
const MAX_REMEMBERED = 10_000;

/** Everything a related answer is derived from: the URL (path and query) and the header that can pick its language. */
const requestForm = (request: FastifyRequest): string => `${request.url}\u0000${request.headers['accept-language'] ?? ''}`;

/**
 * Cache hits of `GET /events/:id/related`, answered from a Fastify preHandler hook instead of
 * Nest's guard, pipes and controller (over half of a hit's time there). Only a request whose exact
 * form (URL and Accept-Language) passed validation before is answered here, from the answer key
 * that validation produced: an invalid request never gets a key, so it still gets its 400 from the
 * pipe. Keys carry no epoch (the cache key adds the current one), so a changed catalogue is never
 * served from here. The rate limit is counted here as the guard counts it (which then skips the
 * request); a miss, a film gone or a client over its limit continues to Nest, which answers as it
 * always did.
 */
@Injectable()
export class CachedRelatedAnswers {
  private readonly keys = new Map<string, RelatedAnswerKey>();
  private readonly rateLimit: EarlyRateLimit;
  /** Requests answered here; they are cache hits too. */
  private answered = 0;

  constructor(
    private readonly replica: CatalogueReplica,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    @Inject(MARQUEE_CONFIG) config: MarqueeConfig,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.rateLimit = new EarlyRateLimit(storage, rateLimitOf(config));
    scrapedCounter(registry, {
      name: 'marquee_related_early_answers_total',
      help: 'Related-events cache hits answered before validation, for a request seen valid before (also counted as hits)',
      read: () => ({ '': this.answered }),
    });
  }

  /** Called by the controller once a request has passed validation and been answered. */
  remember(request: FastifyRequest, key: RelatedAnswerKey): void {
    const form = requestForm(request);
    if (this.keys.has(form)) return;
    if (this.keys.size >= MAX_REMEMBERED) this.keys.delete(this.keys.keys().next().value as string);
    this.keys.set(form, key);
  }

  /** The preHandler hook: answers a remembered request from the cache, else lets it continue. */
  readonly hook = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const key = request.method === 'GET' ? this.keys.get(requestForm(request)) : undefined;
    if (key === undefined) return done();
    const route = routeOf(request);
    if (route !== RELATED_ROUTE) return done();
    this.answer(key, route, request, reply).then((answered) => {
      if (!answered) done();
    }, done);
  };

  private async answer(key: RelatedAnswerKey, route: string, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    if (!(await this.rateLimit.admit(route, request, reply))) return false;
    const body = await this.replica.related.cachedJson(key, new Date());
    if (body === undefined) return false;
    this.answered += 1;
    reply.type(JSON_TEXT).send(body);
    return true;
  }
}
