import type { UserProfile } from './user-profile';

/** What `save` did: written; the stored version was not the expected one (re-read and retry); the user was erased since. */
export type SaveOutcome = 'saved' | 'conflict' | 'erased';

/**
 * Port for user profiles: Redis in production, memory in embedded mode (one contract suite for both).
 * Writers are the profiler (one per user at a time: the topic is keyed by user) and erasure;
 * `save` compares versions so that a write racing an erasure never brings a profile back.
 */
export interface ProfileStore {
  get(userId: string): Promise<UserProfile | undefined>;
  /** Profiles in the order asked, undefined where none is stored. */
  getMany(userIds: readonly string[]): Promise<(UserProfile | undefined)[]>;
  /**
   * Stores `profile` if the stored profile still has `expectedVersion` (0: none stored) and no
   * erasure of the user happened at or after the profile's `createdAt`.
   */
  save(profile: UserProfile, expectedVersion: number): Promise<SaveOutcome>;
  /**
   * Deletes the profile and keeps a tombstone with the erasure time, so that interactions received
   * before it (a replay) never rebuild the profile. The tombstone lives as long as interactions are kept.
   */
  erase(userId: string, erasedAt: Date): Promise<void>;
  /** Epoch ms of the user's latest erasure still remembered, if any. */
  erasedAt(userId: string): Promise<number | undefined>;
  /** Every stored profile, in batches, in no particular order (newsletter editions, exports of all users). */
  scan(batchSize?: number): AsyncIterable<UserProfile[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const PROFILE_STORE = Symbol('ProfileStore');
