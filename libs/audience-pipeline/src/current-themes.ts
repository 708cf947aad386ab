import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AUDIENCE_STORE, type AudienceStore } from '@marquee/audience';
import type { ThemeModel } from '@marquee/domain';

/** How often a process that does not compute themes picks up the ones the audience app saved. */
const REFRESH_MS = 30_000;

/** The theme model in force in this process, as saved in the audience store. */
@Injectable()
export class CurrentThemes implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CurrentThemes.name);
  private model: ThemeModel | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(@Inject(AUDIENCE_STORE) private readonly store: AudienceStore) {}

  get(): ThemeModel | undefined {
    return this.model;
  }

  async set(model: ThemeModel): Promise<void> {
    await this.store.saveThemes(model);
    this.model = model;
  }

  async refresh(): Promise<void> {
    try {
      this.model = (await this.store.loadThemes()) ?? this.model;
    } catch (error) {
      this.logger.warn(`could not load the themes: ${(error as Error).message}`);
    }
  }

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}
