import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { LoggerModule } from 'nestjs-pino';
import type { MarqueeConfig } from '@marquee/config';
import { InfrastructureModule, MARQUEE_CONFIG, MetricsModule } from '@marquee/infrastructure';
import { EventsModule } from './events/events.module';
import { FeedbackModule } from './feedback/feedback.module';
import { HealthModule } from './health/health.module';
import { DomainErrorFilter } from './http/domain-error.filter';
import { pinoOptions } from './http/logging';
import { rateLimitKey, rateLimitOf, routeOf, wasCountedEarly } from './http/rate-limit';
import { SlidingWindowThrottlerStorage } from './http/sliding-window-throttler.storage';
import { SearchModule } from './search/search.module';

@Module({
  imports: [
    InfrastructureModule,
    MetricsModule,
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
    EventsModule,
    SearchModule,
    FeedbackModule,
    HealthModule,
  ],
  providers: [
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    { provide: APP_FILTER, useClass: DomainErrorFilter },
  ],
})
export class ApiModule {}
