import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { FilmCatalogue } from '@marquee/catalogue';
import type { ThemeModel } from '@marquee/domain';
import { CatalogueReplica } from '@marquee/replica';
import { computeThemes, type ThemeFilm } from '@marquee/themes';
import { AUDIENCE_OPTIONS, type AudienceModuleOptions } from './audience-options';
import { CurrentThemes } from './current-themes';

/** How often the catalogue is looked at: themes are recomputed when due or when it grew by a tenth. */
const CHECK_MS = 5_000;
const GROWTH_TO_RECOMPUTE = 1.1;

/** Recomputes the themes from the catalogue replica on a schedule, on demand, and when the catalogue has grown. */
@Injectable()
export class ThemeRecomputation implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ThemeRecomputation.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<ThemeModel | undefined> | undefined;
  private filmsAtLastRun = 0;
  private filmsAtLastCheck = -1;

  constructor(
    @Inject(AUDIENCE_OPTIONS) private readonly options: AudienceModuleOptions,
    private readonly catalogue: FilmCatalogue,
    private readonly replica: CatalogueReplica,
    private readonly themes: CurrentThemes,
  ) {}

  onModuleInit(): void {
    if (!this.options.themes.autoRecompute) return;
    this.timer = setInterval(() => void this.checkDue(), CHECK_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private async checkDue(): Promise<void> {
    // Only once the catalogue has settled (no film added since the last check): not half-way through a load.
    const size = this.catalogue.size();
    const settled = size === this.filmsAtLastCheck;
    this.filmsAtLastCheck = size;
    if (!settled || !this.replica.isReady() || size < 2 || this.running) return;
    const model = this.themes.get();
    const due = !model || Date.now() - Date.parse(model.computedAt) >= this.options.themes.recomputeIntervalMs;
    // The films the last model covered (after a restart: the saved model's).
    const known = this.filmsAtLastRun || Object.keys(model?.shares ?? {}).length;
    if (due || size >= known * GROWTH_TO_RECOMPUTE) {
      await this.recompute().catch((error: Error) => this.logger.error(`theme recomputation failed: ${error.message}`));
    }
  }

  /** Recomputes now (one run at a time); resolves to the new model. */
  recompute(): Promise<ThemeModel | undefined> {
    this.running ??= Promise.resolve()
      .then(() => this.run())
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<ThemeModel | undefined> {
    const films: ThemeFilm[] = [];
    for (const { film } of this.catalogue.films()) {
      const vector = this.catalogue.index.vectorOf(film.id);
      if (vector)
        films.push({ id: film.id, vector, synopses: film.synopses, genres: film.genres, names: [...film.directors, ...film.cast] });
    }
    if (films.length < 2) return undefined;
    const started = Date.now();
    const model = computeThemes(films, this.options.themes, this.themes.get(), new Date());
    this.filmsAtLastRun = films.length;
    await this.themes.set(model);
    this.logger.log(
      `themes v${model.version}: ${model.themes.length} themes (${model.kChoice}, silhouette ${model.silhouette}) over ${films.length} films in ${Date.now() - started} ms`,
    );
    return model;
  }
}
