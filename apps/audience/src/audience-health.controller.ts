import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { AUDIENCE_STORE, type AudienceStore } from '@marquee/audience';
import { EVENT_BUS, type EventBus } from '@marquee/domain';

/** The audience worker's probe: healthy while the bus and the aggregates' store answer. */
@Controller('health')
export class AudienceHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(AUDIENCE_STORE) private readonly store: AudienceStore,
  ) {}

  private async probe(name: string, ping: () => Promise<void>) {
    const indicator = this.indicators.check(name);
    try {
      await ping();
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.probe('eventBus', () => this.bus.ping()),
      () => this.probe('audienceStore', () => this.store.ping()),
    ]);
  }
}
