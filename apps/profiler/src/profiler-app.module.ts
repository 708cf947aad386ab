import { Module, type DynamicModule } from '@nestjs/common';
import { CollaborativeModule } from '@marquee/collaborative';
import { collaborativeSettings, profilerSettings, replicaSettings, type MarqueeConfig } from '@marquee/config';
import { WorkerProbesModule } from '@marquee/http';
import { InfrastructureModule } from '@marquee/infrastructure';
import { ProfilingModule } from '@marquee/profiling';
import { ReplicaModule } from '@marquee/replica';
import { ProfilerHealthController } from './profiler-health.controller';

/** The standalone profiler: user-interactions into profiles, with a catalogue replica for film vectors, /health and /metrics. */
@Module({
  imports: [WorkerProbesModule],
  controllers: [ProfilerHealthController],
})
export class ProfilerAppModule {
  static register(config: MarqueeConfig): DynamicModule {
    return {
      module: ProfilerAppModule,
      imports: [
        InfrastructureModule.forRoot(config),
        // Snapshots are the API replicas' business: the profiler reads film-index whole on start.
        ReplicaModule.register({ ...replicaSettings(config), snapshots: undefined }),
        ProfilingModule.register(profilerSettings(config)),
        // The profiler also learns the collaborative model the API replicas reload.
        CollaborativeModule.register({ ...collaborativeSettings(config), learns: true }),
      ],
    };
  }
}
