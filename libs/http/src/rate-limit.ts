import { DEFAULT_IPV6_SUBNET_PREFIX, normalizeIp, type ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { MarqueeConfig } from '@marquee/config';

/** The one throttler of the API: `RATE_LIMIT_PER_MINUTE` per client and route. */
export interface RateLimit {
  name: string;
  ttl: number;
  limit: number;
  blockDuration: number;
}

export const rateLimitOf = (config: MarqueeConfig): RateLimit => ({
  name: 'default',
  ttl: 60_000,
  limit: config.RATE_LIMIT_PER_MINUTE,
  blockDuration: 60_000,
});

/** A route as Fastify names it (method and URL pattern); the fast path in front of Fastify names its route alike. */
export const routeOf = (request: FastifyRequest): string => {
  const { method, url } = request.routeOptions;
  return `${method} ${url}`;
};

/** One count per route and client, as ThrottlerGuard's default, without hashing the key on every request. */
export const rateLimitKey = (route: string, throttlerName: string, tracker: string): string => `${route}-${throttlerName}-${tracker}`;

/** Requests (Node's, under Fastify's) counted before Fastify saw them; ThrottlerGuard skips them (`skipIf`), so each counts once. */
const countedEarly = new WeakSet<IncomingMessage>();

export const wasCountedEarly = (request: FastifyRequest): boolean => countedEarly.has(request.raw);

/** X-RateLimit headers of an admitted request, as ThrottlerGuard sets them. */
export type RateLimitHeaders = [string, number][];

/**
 * Counts a request before Fastify and Nest see it (the cached-answer fast path) the way
 * ThrottlerGuard counts it: same storage, key, limit and headers. Over the limit it counts nothing
 * and leaves the request to the guard, which answers 429 (the sliding-window storage counts no
 * blocked hit either).
 */
export class EarlyRateLimit {
  constructor(
    private readonly storage: ThrottlerStorage,
    private readonly rateLimit: RateLimit,
  ) {}

  /** The headers to send when the request is within the limit (it is then counted), else undefined. */
  async admit(route: string, request: { raw: IncomingMessage; ip: string }): Promise<RateLimitHeaders | undefined> {
    const { name, ttl, limit, blockDuration } = this.rateLimit;
    // The client as ThrottlerGuard sees it: Fastify's request.ip, which honours TRUST_PROXY.
    const key = rateLimitKey(route, name, normalizeIp(request.ip, DEFAULT_IPV6_SUBNET_PREFIX));
    const { totalHits, timeToExpire, isBlocked } = await this.storage.increment(key, ttl, limit, blockDuration, name);
    if (isBlocked) return undefined;
    countedEarly.add(request.raw);
    return [
      ['x-ratelimit-limit', limit],
      ['x-ratelimit-remaining', Math.max(0, limit - totalHits)],
      ['x-ratelimit-reset', timeToExpire],
    ];
  }
}
