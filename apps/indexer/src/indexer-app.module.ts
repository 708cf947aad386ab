import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { MarqueeConfig } from '@marquee/config';
import { InfrastructureModule, MARQUEE_CONFIG } from '@marquee/infrastructure';
import { IndexerModule } from './indexer.module';

@Module({
  imports: [
    InfrastructureModule,
    LoggerModule.forRootAsync({
      inject: [MARQUEE_CONFIG],
      useFactory: (config: MarqueeConfig) => ({ pinoHttp: { level: config.LOG_LEVEL } }),
    }),
    IndexerModule,
  ],
})
export class IndexerAppModule {}
