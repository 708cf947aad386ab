import { DEFAULT_IPV6_SUBNET_PREFIX, normalizeIp, type ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
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

/** A route as Fastify names it (method and URL pattern), which a hook before Nest knows too. */
export const routeOf = (request: FastifyRequest): string => {
  const { method, url } = request.routeOptions;
  return `${method} ${url}`;
};

/** One count per route and client, as ThrottlerGuard's default, without hashing the key on every request. */
export const rateLimitKey = (route: string, throttlerName: string, tracker: string): string => `${route}-${throttlerName}-${tracker}`;

/** Requests counted before Nest's guards ran; ThrottlerGuard skips them (`skipIf`), so each request counts once. */
const countedEarly = new WeakSet<object>();

export const wasCountedEarly = (request: object): boolean => countedEarly.has(request);

/**
 * Counts a request in a hook before Nest's guards run (the cached-answer fast path) the way
 * ThrottlerGuard counts it: same storage, key, limit and X-RateLimit headers, so the response is
 * the same whichever path then answers. Over the limit it counts nothing and leaves the request to
 * the guard, which answers 429 (the sliding-window storage counts no blocked hit either).
 */
export class EarlyRateLimit {
  constructor(
    private readonly storage: ThrottlerStorage,
    private readonly rateLimit: RateLimit,
  ) {}

  /** Whether the request is within the limit; if so it is counted and its headers are set on the reply. */
  async admit(route: string, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const { name, ttl, limit, blockDuration } = this.rateLimit;
    const key = rateLimitKey(route, name, normalizeIp(request.ip, DEFAULT_IPV6_SUBNET_PREFIX));
    const { totalHits, timeToExpire, isBlocked } = await this.storage.increment(key, ttl, limit, blockDuration, name);
    if (isBlocked) return false;
    countedEarly.add(request);
    reply.header('X-RateLimit-Limit', limit);
    reply.header('X-RateLimit-Remaining', Math.max(0, limit - totalHits));
    reply.header('X-RateLimit-Reset', timeToExpire);
    return true;
  }
}
