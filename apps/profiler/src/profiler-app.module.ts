import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { CollaborativeModule } from '@marquee/collaborative';
import { collaborativeSettings, MARQUEE_CONFIG, profilerSettings, replicaSettings, type MarqueeConfig } from '@marquee/config';
import { InfrastructureModule } from '@marquee/infrastructure';
import { MetricsModule } from '@marquee/metrics';
import { ProfilingModule } from '@marquee/profiling';
import { ReplicaModule } from '@marquee/replica';
import { ProfilerHealthController } from './profiler-health.controller';

/** The standalone profiler: user-interactions into profiles, with a catalogue replica for film vectors, /health and /metrics. */
@Module({
  imports: [
    MetricsModule,
    TerminusModule.forRoot({ logger: false }),
    LoggerModule.forRootAsync({
      inject: [MARQUEE_CONFIG],
      useFactory: (config: MarqueeConfig) => ({ pinoHttp: { level: config.LOG_LEVEL, autoLogging: false } }),
    }),
  ],
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
