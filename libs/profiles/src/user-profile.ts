import type { UserPreferences } from '@marquee/domain';

/** One area of interest: the recency-weighted sum of the vectors of the films it gathers. */
export interface InterestCentroid {
  /** Unit direction of the sum (cosine against film vectors). */
  readonly direction: Float32Array;
  /** Norm of the sum, decayed to `at`: how strong the interest is. */
  readonly weight: number;
  /** Epoch milliseconds `weight` is decayed to. */
  readonly at: number;
  /** Interactions it gathered. */
  readonly count: number;
}

/** A film the user engaged with, scored like the interests: what explanations cite ("Because you liked X"). */
export interface EngagedFilm {
  readonly filmId: string;
  /** Recency-weighted engagement, decayed to `at`. */
  readonly score: number;
  readonly at: number;
}

/** An interaction already in the profile: a redelivery of it changes nothing. */
export interface AppliedInteraction {
  readonly interactionId: string;
  /** Epoch ms. */
  readonly receivedAt: number;
}

/** The films of the last newsletter edition sent to the user (`exclude=sent`). */
export interface SentEdition {
  readonly edition: string;
  readonly filmIds: readonly string[];
  readonly at: number;
}

/**
 * What Marquee knows about one pseudonymous user, built from `user-interactions` only.
 * Film sets are lists, newest first, bounded (`ProfileOptions.maxFilmsPerSet`).
 */
export interface UserProfile {
  readonly userId: string;
  /** Bumped by every change: cache keys of personal answers carry it. */
  readonly version: number;
  /** Epoch ms the first applied interaction was received: an erasure at or after it removes this profile. */
  readonly createdAt: number;
  /** Epoch ms of the newest interaction applied (its `occurredAt`). */
  readonly updatedAt: number;
  /** Up to `maxInterests` areas of interest, strongest first. */
  readonly interests: readonly InterestCentroid[];
  /** Films whose page was seen, clicked, liked or rated. */
  readonly seen: readonly string[];
  readonly booked: readonly string[];
  readonly dismissed: readonly string[];
  readonly liked: readonly string[];
  readonly lastSent?: SentEdition;
  readonly preferences: Partial<UserPreferences>;
  /** The films engaged with most, strongest first, bounded (`maxEngagedFilms`). */
  readonly engaged: readonly EngagedFilm[];
  /** The newest applied interactions, newest first, bounded (`maxAppliedIds`). */
  readonly applied: readonly AppliedInteraction[];
  /**
   * Epoch ms `receivedAt` at or before which every interaction counts as applied: ids that fell out of
   * `applied` are covered by it, so a redelivery of an old interaction is not counted twice.
   */
  readonly appliedUpTo: number;
}

/** Every field is required: the defaults live in the configuration schema (`profileSettings`). */
export interface ProfileOptions {
  /** Interest halves after this many days without reinforcement. */
  halfLifeDays: number;
  /** Centroids kept per user (interests far apart, e.g. documentaries and horror). */
  maxInterests: number;
  /** A film joins the nearest interest at or above this cosine similarity; below it, it starts a new one. */
  interestJoinSimilarity: number;
  maxFilmsPerSet: number;
  maxEngagedFilms: number;
  maxAppliedIds: number;
  /** Interest a film interaction adds (before decay); a rating adds `ratingPerStar * (rating - ratingNeutral)` when positive. */
  weights: { view: number; click: number; like: number; booking: number; ratingPerStar: number };
  /** Ratings at or below this add no interest (the film still counts as seen). */
  ratingNeutral: number;
}

export const emptyProfile = (userId: string, createdAt: number): UserProfile => ({
  userId,
  version: 0,
  createdAt,
  updatedAt: 0,
  interests: [],
  seen: [],
  booked: [],
  dismissed: [],
  liked: [],
  preferences: {},
  engaged: [],
  applied: [],
  appliedUpTo: 0,
});

/** Films never recommended to the user again: seen, booked and dismissed. */
export const excludedFilms = (profile: UserProfile, options: { sent?: boolean } = {}): Set<string> => {
  const excluded = new Set<string>([...profile.seen, ...profile.booked, ...profile.dismissed]);
  if (options.sent && profile.lastSent) for (const id of profile.lastSent.filmIds) excluded.add(id);
  return excluded;
};

/** Whether the profile holds anything beyond preferences (else recommendations are a cold start). */
export const hasHistory = (profile: UserProfile | undefined): boolean =>
  profile !== undefined && (profile.interests.length > 0 || profile.engaged.length > 0);
