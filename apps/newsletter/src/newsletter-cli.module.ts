import { Module, type DynamicModule } from '@nestjs/common';
import { indexingSettings, isEmbedded, replicaSettings, type MarqueeConfig } from '@marquee/config';
import { DemoCatalogueModule } from '@marquee/demo-catalogue';
import { FilmIndexingModule } from '@marquee/indexing';
import { InfrastructureModule } from '@marquee/infrastructure';
import { MetricsModule } from '@marquee/metrics';
import { ReplicaModule } from '@marquee/replica';

/**
 * The CLI's catalogue: a replica of `film-index` (restored from its snapshot when SNAPSHOT_DIR
 * has one). In embedded mode there is no film-index to read, so the demo catalogue is indexed in
 * this process, as `npm start` does.
 */
@Module({})
export class NewsletterCliModule {
  static register(config: MarqueeConfig): DynamicModule {
    const embedded = isEmbedded(config) ? [FilmIndexingModule.register(indexingSettings(config)), DemoCatalogueModule] : [];
    return {
      module: NewsletterCliModule,
      imports: [InfrastructureModule.forRoot(config), MetricsModule, ReplicaModule.register(replicaSettings(config)), ...embedded],
    };
  }
}
