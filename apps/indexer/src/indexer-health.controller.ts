import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { EVENT_BUS, type EventBus } from '@marquee/domain';
import { pingProbe } from '@marquee/http';

/** The indexer's probes: it is healthy while the bus answers. */
@Controller('health')
export class IndexerHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([pingProbe(this.indicators, 'eventBus', () => this.bus.ping())]);
  }
}
