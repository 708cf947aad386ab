import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { CACHE, EVENT_BUS, type Cache, type EventBus } from '@marquee/domain';
import { CatalogueReplica } from '@marquee/replica';

const PROBE_TIMEOUT_MS = 2_000;

const withTimeout = <T>(promise: Promise<T>): Promise<T> =>
  Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS).unref()),
  ]);

/** Terminus indicators for Marquee's dependencies. */
@Injectable()
export class MarqueeHealthIndicators {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(CACHE) private readonly cache: Cache,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly replica: CatalogueReplica,
  ) {}

  async cacheStore() {
    const indicator = this.health.check('cache');
    try {
      await withTimeout(this.cache.ping());
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: `answers are served uncached: ${(error as Error).message}` });
    }
  }

  async eventBus() {
    const indicator = this.health.check('eventBus');
    try {
      await withTimeout(this.bus.ping());
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  index() {
    const indicator = this.health.check('index');
    const { origin, lastSnapshot } = this.replica.sync;
    const details = {
      films: this.replica.catalogue.size(),
      lag: this.replica.projection.lag(),
      origin: origin ?? 'pending',
      ...(lastSnapshot && {
        lastSnapshot: { name: lastSnapshot.name, films: lastSnapshot.films, writtenAt: lastSnapshot.writtenAt.toISOString() },
      }),
    };
    return this.replica.isReady() ? indicator.up(details) : indicator.down({ ...details, message: 'still reading film-index' });
  }
}
