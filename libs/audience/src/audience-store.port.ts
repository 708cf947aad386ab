import type { ThemeModel, UserInteractionEvent } from '@marquee/domain';

/** Interactions counted per type in one cell. */
export type Counts = Record<string, number>;

/** An interaction with its place on `user-interactions`: the offset fence tells whether it was applied. */
export interface TopicInteraction {
  event: UserInteractionEvent;
  partition: number;
  offset: number;
}

/** The offsets of one partition an update applies: `first` must be past the week's fence, which moves to `last`. */
export interface OffsetRange {
  first: number;
  last: number;
}

/**
 * Refused by `apply`: a week's fence is already at or past an update's first offset of a partition
 * (another worker applied those interactions meanwhile). Nothing of that week was written; the
 * batches are delivered again and checked against the fence anew.
 */
export class StaleUpdateError extends Error {
  override readonly name = 'StaleUpdateError';
}

/** What one flush adds to one ISO week: applied at once, with the offsets it consumed. */
export interface WeekUpdate {
  week: string;
  /** Monday 00:00 UTC: when the week's keys expire is counted from it. */
  weekStartMs: number;
  /** Partition → the offsets applied: the week's fence moves with its counts, atomically. */
  offsets: Map<number, OffsetRange>;
  /**
   * Ids that may be published again at another offset (not random version-4 ids: the importer's
   * name-based ids, say): remembered in the week's seen set so that a second copy is dropped.
   */
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
  /** Which of these remembered ids of a week were not applied yet (a copy published again is dropped). */
  unseen(week: string, interactionIds: readonly string[]): Promise<boolean[]>;
  /** Per week, partition → the last offset applied to it (absent: none). */
  fences(weeks: readonly string[]): Promise<Map<number, number>[]>;
  /**
   * Adds each week's update, moves its fences and remembers its ids, a week at a time atomically;
   * moves the epoch. A week whose fence is at or past an update's first offset is not written and
   * the call rejects with `StaleUpdateError` (the other weeks are applied).
   */
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
