import type { ThemeModel } from '@marquee/domain';
import { StaleUpdateError, type AudienceStore, type Counts, type WeekUpdate } from './audience-store.port';

interface WeekData {
  seen: Set<string>;
  /** Partition → last offset applied. */
  fence: Map<number, number>;
  counts: Map<string, Map<string, number>>;
  members: Map<string, Set<string>>;
  searches: Map<string, { count: number; members: Set<string> }>;
}

/** The embedded default's store: exact sets where Redis keeps sketches; weeks older than the retention are dropped. */
export class MemoryAudienceStore implements AudienceStore {
  private readonly data = new Map<string, WeekData & { startMs: number }>();
  private themes: ThemeModel | undefined;
  private readonly erasures = new Map<string, number>();
  private version = 0;

  constructor(private readonly options: { retentionWeeks: number; clock?: () => number }) {}

  private week(week: string, startMs: number): WeekData {
    let data = this.data.get(week);
    if (!data) {
      data = { startMs, seen: new Set(), fence: new Map(), counts: new Map(), members: new Map(), searches: new Map() };
      this.data.set(week, data);
    }
    return data;
  }

  private expire(): void {
    const now = (this.options.clock ?? Date.now)();
    for (const [week, data] of this.data)
      if (data.startMs + (this.options.retentionWeeks + 1) * 7 * 86_400_000 < now) this.data.delete(week);
  }

  async unseen(week: string, interactionIds: readonly string[]): Promise<boolean[]> {
    const seen = this.data.get(week)?.seen;
    return interactionIds.map((id) => !seen?.has(id));
  }

  async fences(weeks: readonly string[]): Promise<Map<number, number>[]> {
    return weeks.map((week) => new Map(this.data.get(week)?.fence));
  }

  async apply(updates: readonly WeekUpdate[]): Promise<void> {
    let stale: StaleUpdateError | undefined;
    for (const update of updates) {
      const fence = this.data.get(update.week)?.fence;
      const passed = [...update.offsets].find(([partition, { first }]) => (fence?.get(partition) ?? -1) >= first);
      if (passed) {
        stale = new StaleUpdateError(`${update.week}: partition ${passed[0]} is applied up to ${fence?.get(passed[0])}`);
        continue;
      }
      const data = this.week(update.week, update.weekStartMs);
      for (const [partition, { last }] of update.offsets) data.fence.set(partition, last);
      for (const id of update.interactionIds) data.seen.add(id);
      for (const [cell, byType] of update.counts) {
        const counts = data.counts.get(cell) ?? new Map<string, number>();
        for (const [type, n] of byType) counts.set(type, (counts.get(type) ?? 0) + n);
        data.counts.set(cell, counts);
      }
      for (const [cell, members] of update.members) {
        const set = data.members.get(cell) ?? new Set<string>();
        for (const member of members) set.add(member);
        data.members.set(cell, set);
        if (!data.counts.has(cell)) data.counts.set(cell, new Map());
      }
      for (const [text, search] of update.searches) {
        const entry = data.searches.get(text) ?? { count: 0, members: new Set<string>() };
        entry.count += search.count;
        for (const member of search.members) entry.members.add(member);
        data.searches.set(text, entry);
      }
    }
    this.version += 1;
    this.expire();
    if (stale) throw stale;
  }

  async weeks(): Promise<string[]> {
    return [...this.data.keys()].sort();
  }

  async cells(week: string): Promise<string[]> {
    return [...(this.data.get(week)?.counts.keys() ?? [])];
  }

  async weekCounts(week: string): Promise<Map<string, Counts>> {
    return new Map([...(this.data.get(week)?.counts ?? [])].map(([cell, counts]) => [cell, Object.fromEntries(counts)]));
  }

  async counts(week: string, cells: readonly string[]): Promise<Counts[]> {
    const data = this.data.get(week);
    return cells.map((cell) => Object.fromEntries(data?.counts.get(cell) ?? []));
  }

  async uniques(groups: readonly (readonly { week: string; cell: string }[])[]): Promise<number[]> {
    return groups.map((cells) => {
      const union = new Set<string>();
      for (const { week, cell } of cells) for (const member of this.data.get(week)?.members.get(cell) ?? []) union.add(member);
      return union.size;
    });
  }

  async searches(week: string): Promise<Map<string, number>> {
    return new Map([...(this.data.get(week)?.searches ?? [])].map(([text, s]) => [text, s.count]));
  }

  async searchUniques(weeks: readonly string[], text: string): Promise<number> {
    const union = new Set<string>();
    for (const week of weeks) for (const member of this.data.get(week)?.searches.get(text)?.members ?? []) union.add(member);
    return union.size;
  }

  async epoch(): Promise<number> {
    return this.version;
  }

  async saveThemes(model: ThemeModel): Promise<void> {
    this.themes = model;
    this.version += 1;
  }

  async loadThemes(): Promise<ThemeModel | undefined> {
    return this.themes;
  }

  async recordErasure(member: string, atMs: number): Promise<void> {
    this.erasures.set(member, Math.max(atMs, this.erasures.get(member) ?? 0));
  }

  async erasedAt(members: readonly string[]): Promise<(number | undefined)[]> {
    return members.map((member) => this.erasures.get(member));
  }

  async clearAggregates(): Promise<void> {
    this.data.clear();
    this.version += 1;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}
