import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { EVENT_BUS, type EventBus } from '@marquee/domain';
import { pingProbe } from '@marquee/http';
import { PROFILE_STORE, type ProfileStore } from '@marquee/profiles';

/** The profiler's probes: healthy while the bus and the profile store answer. */
@Controller('health')
export class ProfilerHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(PROFILE_STORE) private readonly store: ProfileStore,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      pingProbe(this.indicators, 'eventBus', () => this.bus.ping()),
      pingProbe(this.indicators, 'profileStore', () => this.store.ping()),
    ]);
  }
}
