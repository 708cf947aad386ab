import { capHistory, mergeEngagement, newestFirst, type Engagement, type EngagementChange, type UserHistory } from './engagement';
import { trimThreshold, type CollaborativeStore, type StoredModel } from './collaborative-store.port';
import type { ItemModelSnapshot } from './item-model';

/** The embedded mode's store: everything in this process, gone at exit. */
export class MemoryCollaborativeStore implements CollaborativeStore {
  private readonly users = new Map<string, Map<string, Engagement>>();
  private readonly erased = new Map<string, number>();
  private model: StoredModel | undefined;

  /** Tombstones are kept as long as the process lives (the in-process log does not outlive it either). */
  constructor(private readonly options: { maxFilmsPerUser: number }) {}

  async apply(changes: readonly EngagementChange[]): Promise<void> {
    for (const { userId, ...change } of changes) {
      if (change.atMs <= (this.erased.get(userId) ?? -Infinity)) continue;
      let films = this.users.get(userId);
      const merged = mergeEngagement(films?.get(change.filmId), change);
      if (!merged) {
        films?.delete(change.filmId);
        continue;
      }
      if (!films) this.users.set(userId, (films = new Map()));
      films.set(change.filmId, merged);
      if (films.size > trimThreshold(this.options.maxFilmsPerUser)) {
        const kept = capHistory([...films.values()], this.options.maxFilmsPerUser);
        this.users.set(userId, new Map(kept.map((e) => [e.filmId, e])));
      }
    }
  }

  async historyOf(userId: string): Promise<Engagement[]> {
    const films = this.users.get(userId);
    return films ? capHistory([...films.values()], this.options.maxFilmsPerUser).sort(newestFirst) : [];
  }

  async *histories(): AsyncIterable<UserHistory> {
    for (const userId of [...this.users.keys()]) {
      const engagements = await this.historyOf(userId);
      if (engagements.length > 0) yield { userId, engagements };
    }
  }

  async erase(userId: string, erasedAtMs: number): Promise<void> {
    this.users.delete(userId);
    this.erased.set(userId, Math.max(erasedAtMs, this.erased.get(userId) ?? -Infinity));
  }

  async saveModel(snapshot: ItemModelSnapshot): Promise<number> {
    const version = (this.model?.version ?? 0) + 1;
    this.model = { version, snapshot: structuredClone(snapshot) };
    return version;
  }

  async loadModel(): Promise<StoredModel | undefined> {
    return this.model && { version: this.model.version, snapshot: structuredClone(this.model.snapshot) };
  }

  async modelVersion(): Promise<number> {
    return this.model?.version ?? 0;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}
