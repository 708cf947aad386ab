import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { EVENT_BUS, filmIdOf, FilmEventSchema, Topics, type EventBus } from '@marquee/domain';
import { demoFilmEvents } from './demo-film-events';

/** Publishes the bundled demo catalogue as ordinary film events, so the embedded product shows real answers at once. */
@Injectable()
export class DemoCatalogueLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoCatalogueLoader.name);

  private published: readonly string[] | undefined;

  constructor(@Inject(EVENT_BUS) private readonly bus: EventBus) {}

  /** The films it published (for readiness: the embedded product is ready once they are all served), or undefined before. */
  publishedFilmIds(): readonly string[] | undefined {
    return this.published;
  }

  async onApplicationBootstrap(): Promise<void> {
    const events = demoFilmEvents(new Date()).map((input) => FilmEventSchema.parse(input));
    const latest = new Map(events.map((event) => [filmIdOf(event), event.type]));
    await this.bus.publish(
      Topics.filmEvents,
      events.map((event) => ({ key: filmIdOf(event), value: JSON.stringify(event) })),
    );
    this.published = [...latest].filter(([, type]) => type !== 'film.removed').map(([id]) => id);
    this.logger.log(`published ${events.length} demo film events; they are indexed in the background`);
  }
}
