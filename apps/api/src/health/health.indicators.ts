import { Inject, Injectable, Optional } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { CACHE, EVENT_BUS, type Cache, type EventBus } from '@marquee/domain';
import { DemoCatalogueLoader } from '@marquee/demo-catalogue';
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
  private demoServed = false;

  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(CACHE) private readonly cache: Cache,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly replica: CatalogueReplica,
    @Optional() private readonly demo?: DemoCatalogueLoader,
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

  /**
   * The bus as readiness sees it: reported, never failing. Reads are served from this replica's
   * catalogue; a Kafka outage only delays new films and refuses writes (503), so it must not take
   * every replica out of the load balancer at once.
   */
  async eventBusForReads() {
    const indicator = this.health.check('eventBus');
    try {
      await withTimeout(this.bus.ping());
      return indicator.up({ reachable: true });
    } catch (error) {
      return indicator.up({
        reachable: false,
        message: `reads are served; writes are refused until it answers: ${(error as Error).message}`,
      });
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
    if (!this.replica.isReady()) return indicator.down({ ...details, message: 'still reading film-index' });
    const demo = this.demoCatalogueLeft();
    return demo ? indicator.down({ ...details, message: demo }) : indicator.up(details);
  }

  /** In embedded mode: why the demo catalogue is not all served yet (published, embedded, in the replica), or undefined once it is. */
  private demoCatalogueLeft(): string | undefined {
    // Latched: a demo film removed later through POST /events must not make the app unready.
    if (!this.demo || this.demoServed) return undefined;
    const published = this.demo.publishedFilmIds();
    if (!published) return 'publishing the demo catalogue';
    let missing = 0;
    for (const id of published) if (!this.replica.catalogue.get(id)) missing += 1;
    if (!missing) this.demoServed = true;
    return missing ? `indexing the demo catalogue: ${published.length - missing} of ${published.length} films served` : undefined;
  }
}
