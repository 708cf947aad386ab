import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import type { MarqueeConfig } from '@marquee/config';
import { InfrastructureModule, MARQUEE_CONFIG, MetricsModule } from '@marquee/infrastructure';
import { EventsModule } from './events/events.module';
import { FeedbackModule } from './feedback/feedback.module';
import { HealthModule } from './health/health.module';
import { DomainErrorFilter } from './http/domain-error.filter';
import { pinoOptions } from './http/logging';
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
        throttlers: [{ ttl: 60_000, limit: config.RATE_LIMIT_PER_MINUTE }],
        storage: new SlidingWindowThrottlerStorage(),
        // One count per route and client, as by default, without hashing the key on every request.
        generateKey: (context, tracker, name) => `${context.getClass().name}-${context.getHandler().name}-${name}-${tracker}`,
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
