import type { ThemeModel } from '@marquee/domain';

/** Interactions counted per type in one cell. */
export type Counts = Record<string, number>;

/** What one batch adds to one ISO week: applied at once, with the interaction ids it consumed. */
export interface WeekUpdate {
  week: string;
  /** Monday 00:00 UTC: when the week's keys expire is counted from it. */
  weekStartMs: number;
  interactionIds: string[];
  /** cell → interaction type → how many. */
  counts: Map<string, Map<string, number>>;
  /** cell → the audience members (pseudonymous keys, never stored as such: sketched) seen in it. */
  members: Map<string, Set<string>>;
  /** Folded search text → how many searches and who searched (sketched). */
  searches: Map<string, { count: number; members: Set<string> }>;
}

/**
 * Where audience aggregates live: Redis (HyperLogLog per cell and week) in production, memory in
 * embedded mode. Only aggregates and sketches are kept, never an interaction or a user id.
 */
export interface AudienceStore {
  /** Which of these interactions of a week were not applied yet (redeliveries are dropped). */
  unseen(week: string, interactionIds: readonly string[]): Promise<boolean[]>;
  /** Adds each week's update and marks its interactions applied, a week at a time atomically; moves the epoch. */
  apply(updates: readonly WeekUpdate[]): Promise<void>;
  /** Weeks with data, oldest first. */
  weeks(): Promise<string[]>;
  /** Cells with data in a week. */
  cells(week: string): Promise<string[]>;
  /** Every cell of a week with its counts, in one read. */
  weekCounts(week: string): Promise<Map<string, Counts>>;
  /** The counts of cells in a week (empty for a cell without data). */
  counts(week: string, cells: readonly string[]): Promise<Counts[]>;
  /** For each group, the distinct members over the union of its (week, cell)s (estimated by HyperLogLog in Redis). */
  uniques(groups: readonly (readonly { week: string; cell: string }[])[]): Promise<number[]>;
  /** Search texts of a week with their counts. */
  searches(week: string): Promise<Map<string, number>>;
  /** Distinct searchers of a text over these weeks. */
  searchUniques(weeks: readonly string[], text: string): Promise<number>;
  /** Changes with every applied update: answers are cached under it. */
  epoch(): Promise<number>;
  saveThemes(model: ThemeModel): Promise<void>;
  loadThemes(): Promise<ThemeModel | undefined>;
  /** Remembers an erased member, so that a replay of the topic leaves their older interactions out. */
  recordErasure(member: string, atMs: number): Promise<void>;
  erasedAt(members: readonly string[]): Promise<(number | undefined)[]>;
  /** Deletes every aggregate (not the themes, not the erasures): before a rebuild by replay. */
  clearAggregates(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const AUDIENCE_STORE = Symbol('AudienceStore');
