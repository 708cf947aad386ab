import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { MarqueeHealthIndicators } from './health.indicators';

@ApiTags('health')
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: MarqueeHealthIndicators,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Every dependency: 503 names what is down (a cache outage only degrades answers)' })
  check() {
    return this.health.check([() => this.indicators.index(), () => this.indicators.eventBus(), () => this.indicators.cacheStore()]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary:
      'Readiness to serve reads: the index has caught up with film-index (embedded: the demo catalogue is all indexed); the bus is reported, a Kafka outage does not make a replica unready',
  })
  ready() {
    return this.health.check([() => this.indicators.index(), () => this.indicators.eventBusForReads()]);
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process serves HTTP' })
  live() {
    return { status: 'ok' };
  }
}
