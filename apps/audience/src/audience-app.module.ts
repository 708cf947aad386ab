import { Module, type DynamicModule } from '@nestjs/common';
import { audienceSettings, replicaSettings, themeSettings, type MarqueeConfig } from '@marquee/config';
import { AudienceModule } from '@marquee/audience-pipeline';
import { WorkerProbesModule } from '@marquee/http';
import { InfrastructureModule } from '@marquee/infrastructure';
import { ReplicaModule } from '@marquee/replica';
import { AudienceHealthController } from './audience-health.controller';

/**
 * The audience worker: its own consumer group on `user-interactions` (and `user-erasures`) into
 * the aggregates in Redis, and theme recomputation over its replica of the catalogue. The API
 * answers analytics from the same store.
 */
@Module({
  imports: [WorkerProbesModule],
  controllers: [AudienceHealthController],
})
export class AudienceAppModule {
  static register(config: MarqueeConfig): DynamicModule {
    return {
      module: AudienceAppModule,
      imports: [
        InfrastructureModule.forRoot(config),
        // Without snapshots: the audience worker reads film-index whole on start (it needs vectors, not a fast restart).
        ReplicaModule.register({ ...replicaSettings(config), snapshots: undefined }),
        AudienceModule.register({
          audience: audienceSettings(config),
          themes: themeSettings(config),
          worker: true,
          redisUrl: config.REDIS_URL,
        }),
      ],
    };
  }
}
