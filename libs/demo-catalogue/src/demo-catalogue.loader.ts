import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { isEmbedded, type MarqueeConfig } from '@marquee/config';
import { demoFilmEvents } from '@marquee/demo-catalogue';
import { EVENT_BUS, filmIdOf, FilmEventSchema, Topics, type EventBus } from '@marquee/domain';
import { MARQUEE_CONFIG } from '@marquee/infrastructure';

/** Publishes the bundled demo catalogue as ordinary film events, so the embedded product shows real answers at once. */
@Injectable()
export class DemoCatalogueLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoCatalogueLoader.name);

  constructor(
    @Inject(MARQUEE_CONFIG) private readonly config: MarqueeConfig,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!(this.config.DEMO_CATALOGUE ?? isEmbedded(this.config))) return;
    const events = demoFilmEvents(new Date()).map((input) => FilmEventSchema.parse(input));
    await this.bus.publish(
      Topics.filmEvents,
      events.map((event) => ({ key: filmIdOf(event), value: JSON.stringify(event) })),
    );
    this.logger.log(`published ${events.length} demo film events; they are indexed in the background`);
  }
}
