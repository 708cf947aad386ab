import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { LoggerModule } from 'nestjs-pino';
import { MARQUEE_CONFIG, type MarqueeConfig } from '@marquee/config';
import { DomainErrorFilter } from './domain-error.filter';
import { pinoOptions } from './logging';
import { rateLimitKey, rateLimitOf, routeOf, wasCountedEarly } from './rate-limit';
import { SlidingWindowThrottlerStorage } from './sliding-window-throttler.storage';

/**
 * What every route of an HTTP app shares, besides what `createHttpApp` sets on Fastify: pino logs,
 * the rate limit (one sliding window per client and route, counted once with early answers) and
 * domain errors mapped to HTTP answers. It needs `MARQUEE_CONFIG` (InfrastructureModule).
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({ inject: [MARQUEE_CONFIG], useFactory: pinoOptions }),
    ThrottlerModule.forRootAsync({
      inject: [MARQUEE_CONFIG],
      useFactory: (config: MarqueeConfig) => ({
        throttlers: [rateLimitOf(config)],
        storage: new SlidingWindowThrottlerStorage(),
        skipIf: (context) => wasCountedEarly(context.switchToHttp().getRequest()),
        generateKey: (context, tracker, name) => rateLimitKey(routeOf(context.switchToHttp().getRequest<FastifyRequest>()), name, tracker),
      }),
    }),
  ],
  providers: [
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    { provide: APP_FILTER, useClass: DomainErrorFilter },
  ],
})
export class HttpEdgeModule {}
