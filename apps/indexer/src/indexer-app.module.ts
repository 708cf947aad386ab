import { Module, type DynamicModule } from '@nestjs/common';
import { indexingSettings, type MarqueeConfig } from '@marquee/config';
import { WorkerProbesModule } from '@marquee/http';
import { FilmIndexingModule } from '@marquee/indexing';
import { InfrastructureModule } from '@marquee/infrastructure';
import { IndexerHealthController } from './indexer-health.controller';

/** The standalone indexer: consumer plus /health and /metrics for the orchestrator and Prometheus. */
@Module({
  imports: [WorkerProbesModule],
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
