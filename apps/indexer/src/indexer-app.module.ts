import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import type { MarqueeConfig } from '@marquee/config';
import { InfrastructureModule, MARQUEE_CONFIG, MetricsModule } from '@marquee/infrastructure';
import { IndexerHealthController } from './indexer-health.controller';
import { IndexerModule } from './indexer.module';

/** The standalone indexer: consumer plus /health and /metrics for the orchestrator and Prometheus. */
@Module({
  imports: [
    InfrastructureModule,
    MetricsModule,
    TerminusModule.forRoot({ logger: false }),
    LoggerModule.forRootAsync({
      inject: [MARQUEE_CONFIG],
      useFactory: (config: MarqueeConfig) => ({ pinoHttp: { level: config.LOG_LEVEL, autoLogging: false } }),
    }),
    IndexerModule,
  ],
  controllers: [IndexerHealthController],
})
export class IndexerAppModule {}
