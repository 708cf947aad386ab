import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { AUDIENCE_STORE, type AudienceStore } from '@marquee/audience';
import { EVENT_BUS, type EventBus } from '@marquee/domain';
import { pingProbe } from '@marquee/http';

/** The audience worker's probe: healthy while the bus and the aggregates' store answer. */
@Controller('health')
export class AudienceHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(AUDIENCE_STORE) private readonly store: AudienceStore,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      pingProbe(this.indicators, 'eventBus', () => this.bus.ping()),
      pingProbe(this.indicators, 'audienceStore', () => this.store.ping()),
    ]);
  }
}
