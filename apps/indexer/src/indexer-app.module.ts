import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { indexingSettings, MARQUEE_CONFIG, type MarqueeConfig } from '@marquee/config';
import { pinoOptions } from '@marquee/http';
import { FilmIndexingModule } from '@marquee/indexing';
import { InfrastructureModule } from '@marquee/infrastructure';
import { MetricsModule } from '@marquee/metrics';
import { IndexerHealthController } from './indexer-health.controller';

/** The standalone indexer: consumer plus /health and /metrics for the orchestrator and Prometheus. */
@Module({
  imports: [
    MetricsModule,
    TerminusModule.forRoot({ logger: false }),
    LoggerModule.forRootAsync({ inject: [MARQUEE_CONFIG], useFactory: pinoOptions }),
  ],
  controllers: [IndexerHealthController],
})
export class IndexerAppModule {
  static register(config: MarqueeConfig): DynamicModule {
    return {
      module: IndexerAppModule,
      imports: [InfrastructureModule.forRoot(config), FilmIndexingModule.register(indexingSettings(config))],
    };
  }
}
