import type { UserInteractionEvent } from '@marquee/domain';

/** One user's engagement with one film: the strongest interaction seen, and when the latest happened. */
export interface Engagement {
  filmId: string;
  weight: number;
  atMs: number;
}

export interface UserHistory {
  userId: string;
  engagements: readonly Engagement[];
}

/** How much each kind of interaction says about interest; a rating is interpolated between its floor (0.5 stars) and its top (5 stars). */
export interface InteractionWeights {
  view: number;
  click: number;
  like: number;
  booking: number;
  ratingFloor: number;
  ratingTop: number;
}

/** A change to a user's history: `weight` 0 removes the film (the user dismissed it). */
export interface EngagementChange extends Engagement {
  userId: string;
}

/**
 * What an interaction changes in its user's history, if anything: impressions, searches, sent
 * newsletters and preferences say nothing about which films go together; anonymous ones have no history.
 */
export const engagementOf = (event: UserInteractionEvent, weights: InteractionWeights): EngagementChange | undefined => {
  if (!event.userId) return undefined;
  const atMs = Date.parse(event.occurredAt);
  switch (event.type) {
    case 'view':
    case 'click':
    case 'like':
    case 'booking':
      return { userId: event.userId, filmId: event.filmId, weight: weights[event.type], atMs };
    case 'rating':
      return {
        userId: event.userId,
        filmId: event.filmId,
        weight: weights.ratingFloor + ((weights.ratingTop - weights.ratingFloor) * (event.rating - 0.5)) / 4.5,
        atMs,
      };
    case 'dismiss':
      return { userId: event.userId, filmId: event.filmId, weight: 0, atMs };
    default:
      return undefined;
  }
};

/**
 * The merge every store applies: the strongest engagement wins and the latest time is kept, so a
 * redelivered or replayed interaction changes nothing; a dismissal removes the film.
 */
export const mergeEngagement = (current: Engagement | undefined, change: Engagement): Engagement | undefined => {
  if (change.weight <= 0) return undefined;
  if (!current) return { filmId: change.filmId, weight: change.weight, atMs: change.atMs };
  return { filmId: change.filmId, weight: Math.max(current.weight, change.weight), atMs: Math.max(current.atMs, change.atMs) };
};

/** Newest first (then strongest, then by id): the order in which a history is capped. */
export const newestFirst = (a: Engagement, b: Engagement): number =>
  b.atMs - a.atMs || b.weight - a.weight || (a.filmId < b.filmId ? -1 : a.filmId > b.filmId ? 1 : 0);

/** The `max` most recent engagements: what a store keeps of a user. */
export const capHistory = (engagements: readonly Engagement[], max: number): Engagement[] =>
  engagements.length <= max ? [...engagements] : [...engagements].sort(newestFirst).slice(0, max);

/**
 * A history as weights for scoring: each engagement decays by half every `halfLifeMs` before the
 * user's latest one (0: no decay), so what a user did last counts most, whatever today's date; and by
 * half every `halfLifeEngagements` engagements of the user that came after it (0: no decay), so that
 * the last few films count most also when a user engages with many in one sitting.
 */
export const weightedHistory = (
  engagements: readonly Engagement[],
  halfLifeMs: number,
  halfLifeEngagements = 0,
): { filmId: string; weight: number }[] => {
  if (engagements.length === 0) return [];
  const latest = Math.max(...engagements.map((e) => e.atMs));
  // Engagements strictly later than each time: ties (one import, one second) count as one position.
  const times = engagements.map((e) => e.atMs).sort((a, b) => b - a);
  const laterThan = (atMs: number): number => {
    let low = 0;
    let high = times.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (times[mid] > atMs) low = mid + 1;
      else high = mid;
    }
    return low;
  };
  return engagements.map(({ filmId, weight, atMs }) => ({
    filmId,
    weight:
      weight *
      (halfLifeMs > 0 ? 0.5 ** ((latest - atMs) / halfLifeMs) : 1) *
      (halfLifeEngagements > 0 ? 0.5 ** (laterThan(atMs) / halfLifeEngagements) : 1),
  }));
};
