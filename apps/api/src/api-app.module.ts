import { Module, type DynamicModule } from '@nestjs/common';
import {
  audienceSettings,
  collaborativeSettings,
  indexingSettings,
  isEmbedded,
  newsletterSettings,
  personalSettings,
  profilerSettings,
  publishesDemoCatalogue,
  recommendingSettings,
  replicaSettings,
  themeSettings,
  type MarqueeConfig,
} from '@marquee/config';
import { CollaborativeModule } from '@marquee/collaborative';
import { DemoCatalogueModule } from '@marquee/demo-catalogue';
import { HttpEdgeModule } from '@marquee/http';
import { FilmIndexingModule } from '@marquee/indexing';
import { InfrastructureModule } from '@marquee/infrastructure';
import { MetricsModule } from '@marquee/metrics';
import { NewsletterErasureModule } from '@marquee/newsletter';
import { ProfilingModule } from '@marquee/profiling';
import { PersonalRecommendingModule, RecommendingModule } from '@marquee/recommending';
import { ReplicaModule } from '@marquee/replica';
import { AudienceApiModule } from './audience/audience-api.module';
import { CatalogueMetrics } from './catalogue/catalogue.metrics';
import { EventsModule } from './events/events.module';
import { FeedbackModule } from './feedback/feedback.module';
import { HealthModule } from './health/health.module';
import { NewsletterModule } from './newsletter/newsletter.module';
import { SearchModule } from './search/search.module';
import { UsersModule } from './users/users.module';

/**
 * The API: controllers over this process's replica of the catalogue. Without KAFKA_BROKERS it is
 * the embedded default too (`npm start`): every consumer runs in this process on the in-process
 * bus, and the demo catalogue is published at start.
 */
@Module({})
export class ApiAppModule {
  static register(config: MarqueeConfig): DynamicModule {
    const inProcessConsumers = isEmbedded(config)
      ? [FilmIndexingModule.register(indexingSettings(config)), ProfilingModule.register(profilerSettings(config))]
      : [];
    return {
      module: ApiAppModule,
      imports: [
        InfrastructureModule.forRoot(config),
        MetricsModule,
        HttpEdgeModule,
        ReplicaModule.register(replicaSettings(config)),
        RecommendingModule.register(recommendingSettings(config)),
        PersonalRecommendingModule.register(personalSettings(config)),
        // Embedded, this process learns the collaborative model; otherwise it reloads what the profiler stored.
        CollaborativeModule.register({ ...collaborativeSettings(config), learns: isEmbedded(config) }),
        EventsModule,
        SearchModule,
        UsersModule,
        FeedbackModule,
        NewsletterModule,
        NewsletterErasureModule.register({ ...newsletterSettings(config).stores, ...newsletterSettings(config).erasure }),
        HealthModule,
        AudienceApiModule.register({
          audience: audienceSettings(config),
          themes: themeSettings(config),
          worker: isEmbedded(config),
          redisUrl: config.REDIS_URL,
        }),
        ...inProcessConsumers,
        ...(publishesDemoCatalogue(config) ? [DemoCatalogueModule] : []),
      ],
      providers: [CatalogueMetrics],
    };
  }
}
