import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { MARQUEE_CONFIG } from '@marquee/config';
import { MetricsModule } from '@marquee/metrics';
import { pinoOptions } from './logging';

/**
 * What every worker app (indexer, profiler, audience) serves besides its consumer: /metrics, the
 * terminus health check its own controller composes, and the same redacted pino logs as the API.
 * It needs `MARQUEE_CONFIG` (InfrastructureModule).
 */
@Module({
  imports: [
    MetricsModule,
    TerminusModule.forRoot({ logger: false }),
    LoggerModule.forRootAsync({ inject: [MARQUEE_CONFIG], useFactory: pinoOptions }),
  ],
  exports: [TerminusModule],
})
export class WorkerProbesModule {}
