import { Module, type DynamicModule } from '@nestjs/common';
import { AudienceModule, type AudienceModuleOptions } from '@marquee/audience-pipeline';
import { AudienceController } from './audience.controller';
import { AUDIENCE_SYNTHETIC } from './audience.tokens';
import { DashboardController } from './dashboard.controller';

/** Analytics routes and the dashboard over the audience store; in embedded mode the worker runs here too. */
@Module({})
export class AudienceApiModule {
  static register(options: AudienceModuleOptions): DynamicModule {
    return {
      module: AudienceApiModule,
      imports: [AudienceModule.register(options)],
      controllers: [AudienceController, DashboardController],
      providers: [{ provide: AUDIENCE_SYNTHETIC, useValue: options.worker && options.audience.syntheticWeeks > 0 }],
    };
  }
}
