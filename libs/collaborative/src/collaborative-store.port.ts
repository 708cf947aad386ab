import type { Engagement, EngagementChange, UserHistory } from './engagement';
import type { ItemModelSnapshot } from './item-model';

export interface StoredModel {
  /** Increases with every save: replicas reload when it moves. */
  version: number;
  snapshot: ItemModelSnapshot;
}

/**
 * Port for what the collaborative signal learns from: each user's engagement per film (merged with
 * `mergeEngagement`, so a redelivered interaction changes nothing; the `maxFilmsPerUser` most recent
 * are kept) and the last fitted model. Redis in production, memory in embedded mode.
 */
export interface CollaborativeStore {
  /** Applies the changes in order; a change of an erased user that happened at or before the erasure is ignored. */
  apply(changes: readonly EngagementChange[]): Promise<void>;
  /** A user's engagements, newest first (none for an unknown user). */
  historyOf(userId: string): Promise<Engagement[]>;
  /** Every user's history once, in no particular order, for a refit (a store streams them). */
  histories(): AsyncIterable<UserHistory>;
  /**
   * Forgets a user (erasure) and keeps a tombstone for `tombstoneTtlSeconds`, so that a replay of
   * their old interactions does not bring them back; their share of the model goes at the next refit.
   */
  erase(userId: string, erasedAtMs: number): Promise<void>;
  /** Stores a fitted model and returns its version. */
  saveModel(snapshot: ItemModelSnapshot): Promise<number>;
  loadModel(): Promise<StoredModel | undefined>;
  /** The version of the stored model, 0 when none was saved: cheap, for replicas polling for a newer one. */
  modelVersion(): Promise<number>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const COLLABORATIVE_STORE = Symbol('CollaborativeStore');

/** A history is trimmed to its cap only once it outgrows it by a quarter, so a user at the cap is not re-sorted on every interaction. */
export const trimThreshold = (maxFilmsPerUser: number): number => maxFilmsPerUser + Math.ceil(maxFilmsPerUser / 4);
