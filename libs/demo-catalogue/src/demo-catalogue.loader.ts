import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { EVENT_BUS, filmIdOf, FilmEventSchema, Topics, type EventBus } from '@marquee/domain';
import { demoFilmEvents } from './demo-film-events';

/** Publishes the bundled demo catalogue as ordinary film events, so the embedded product shows real answers at once. */
@Injectable()
export class DemoCatalogueLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoCatalogueLoader.name);

  constructor(@Inject(EVENT_BUS) private readonly bus: EventBus) {}

  async onApplicationBootstrap(): Promise<void> {
    const events = demoFilmEvents(new Date()).map((input) => FilmEventSchema.parse(input));
    await this.bus.publish(
      Topics.filmEvents,
      events.map((event) => ({ key: filmIdOf(event), value: JSON.stringify(event) })),
    );
    this.logger.log(`published ${events.length} demo film events; they are indexed in the background`);
  }
}
