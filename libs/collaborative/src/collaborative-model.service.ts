import type { CollaborativeSignal, LoggerPort, UserInteractionEvent, WeightedFilm } from '@marquee/domain';
import { engagementOf, weightedHistory, type EngagementChange, type InteractionWeights } from './engagement';
import type { CollaborativeStore } from './collaborative-store.port';
import { ItemModel, ItemModelFitter, type ItemModelOptions } from './item-model';

const HISTORIES_PER_SLICE = 2_000;

/** Every field is required: the defaults live in the configuration schema (`collaborativeSettings`). */
export interface CollaborativeModelOptions {
  weights: InteractionWeights;
  model: ItemModelOptions;
  /** How often the model is refitted from the store (the process that learns) or reloaded from it (the others); 0: never on its own. */
  refreshIntervalMs: number;
}

/**
 * The collaborative signal as a use case: interactions go into the store as they come
 * (`record`), the model is refitted from every stored history now and then (`refit`, by the
 * process that consumes interactions) and the others pick up the stored model (`reload`).
 * Answers come from the model in memory.
 */
export class CollaborativeModel implements CollaborativeSignal {
  private current = ItemModel.empty();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly store: CollaborativeStore,
    private readonly options: CollaborativeModelOptions,
    private readonly logger?: LoggerPort,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  get version(): number {
    return this.current.version;
  }

  get model(): ItemModel {
    return this.current;
  }

  scoresFor(history: readonly WeightedFilm[], candidates: ReadonlySet<string> | undefined, limit: number): WeightedFilm[] {
    return this.current.scoresFor(history, candidates, limit);
  }

  neighboursOf(filmId: string, k: number): WeightedFilm[] {
    return this.current.neighboursOf(filmId, k);
  }

  popularityAt(atMs: number): ReadonlyMap<string, number> {
    return this.current.popularityAt(atMs);
  }

  popularAt(atMs: number, k: number): WeightedFilm[] {
    return this.current.popularAt(atMs, k);
  }

  async historyOf(userId: string): Promise<WeightedFilm[]> {
    const { historyHalfLifeMs, historyHalfLifeEngagements } = this.options.model;
    return weightedHistory(await this.store.historyOf(userId), historyHalfLifeMs, historyHalfLifeEngagements);
  }

  /** Forgets a user (erasure): their history at once, their share of the model at the next refit. */
  async erase(userId: string, erasedAt: Date): Promise<void> {
    await this.store.erase(userId, erasedAt.getTime());
  }

  /** What the interactions change in their users' histories; the rest are ignored. Resolves once stored. */
  async record(events: readonly UserInteractionEvent[]): Promise<void> {
    const changes = events.map((e) => engagementOf(e, this.options.weights)).filter((c): c is EngagementChange => c !== undefined);
    if (changes.length > 0) await this.store.apply(changes);
  }

  /** Fits the model on every stored history, stores it, and answers from it. */
  async refit(): Promise<ItemModel> {
    const fitter = new ItemModelFitter(this.options.model);
    let read = 0;
    // Every few thousand users the event loop gets a turn: a refit must not hold up the process's consumers.
    const breather = async () => {
      if (++read % HISTORIES_PER_SLICE === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    };
    for await (const history of this.store.histories()) {
      fitter.count(history);
      await breather();
    }
    for await (const history of this.store.histories()) {
      fitter.accumulate(history);
      await breather();
    }
    const fittedAtMs = this.clock().getTime();
    const unsaved = await fitter.fitCooperatively(0, fittedAtMs);
    const version = await this.store.saveModel(unsaved.toSnapshot());
    this.current = ItemModel.fromSnapshot(unsaved.toSnapshot(), version);
    this.logger?.log(
      `collaborative model ${version}: ${this.current.films} films, ${this.current.entries} neighbours, ${unsaved.users} users`,
    );
    return this.current;
  }

  /** Answers from the stored model when it is newer than the one in memory; whether it was. */
  async reload(): Promise<boolean> {
    if ((await this.store.modelVersion()) <= this.current.version) return false;
    const stored = await this.store.loadModel();
    if (!stored || stored.version <= this.current.version) return false;
    this.current = ItemModel.fromSnapshot(stored.snapshot, stored.version);
    return true;
  }

  /** Refits (`learns`) or reloads every `refreshIntervalMs`, one run at a time; a failed run is logged and tried at the next tick. */
  start({ learns }: { learns: boolean }): void {
    if (this.options.refreshIntervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = (learns ? this.refit() : this.reload())
        .catch((error: unknown) => this.logger?.warn(`collaborative model refresh failed: ${String(error)}`))
        .finally(() => (this.running = undefined));
    }, this.options.refreshIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
