import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { EVENT_BUS, type EventBus } from '@marquee/domain';
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
      () => this.probe('profileStore', () => this.store.ping()),
    ]);
  }
}
