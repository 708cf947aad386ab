import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { FilmCatalogue, factsOf } from '@marquee/catalogue';
import { EVENT_BUS, Topics, userInteractionKey, type EventBus } from '@marquee/domain';
import { AUDIENCE_OPTIONS, type AudienceModuleOptions } from './audience-options';
import { CurrentThemes } from './current-themes';
import { syntheticInteractions } from './synthetic-interactions';

const CHECK_MS = 2_000;
const PER_WEEK = 2_500;
const USERS = 700;
const CHUNK = 500;

/** Embedded mode: once themes exist, publishes weeks of labelled synthetic interactions to `user-interactions`, once. */
@Injectable()
export class SyntheticAudienceLoader implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SyntheticAudienceLoader.name);
  private timer: NodeJS.Timeout | undefined;
  private published = false;

  constructor(
    @Inject(AUDIENCE_OPTIONS) private readonly options: AudienceModuleOptions,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly catalogue: FilmCatalogue,
    private readonly themes: CurrentThemes,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.publishOnce(), CHECK_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private async publishOnce(): Promise<void> {
    const model = this.themes.get();
    if (this.published || !model || model.themes.length === 0) return;
    this.published = true;
    clearInterval(this.timer);
    const films = [...this.catalogue.films()].map(({ film }) => ({
      id: film.id,
      places: [
        ...new Map(
          factsOf(film).screenings.map((s) => [s.screening.venue.name, { city: s.screening.venue.city, venue: s.screening.venue.name }]),
        ).values(),
      ],
    }));
    const events = syntheticInteractions(films, model, {
      weeks: this.options.audience.syntheticWeeks,
      perWeek: PER_WEEK,
      users: USERS,
      seed: 14,
      now: new Date(),
    });
    for (let i = 0; i < events.length; i += CHUNK) {
      await this.bus.publish(
        Topics.userInteractions,
        events.slice(i, i + CHUNK).map((event) => ({ key: userInteractionKey(event), value: JSON.stringify(event) })),
      );
    }
    this.logger.log(
      `published ${events.length} synthetic interactions over ${this.options.audience.syntheticWeeks} weeks (source "synthetic") for the dashboard`,
    );
  }
}
