import type { UserInteractionEvent } from '@marquee/domain';
import { emptyProfile, type EngagedFilm, type InterestCentroid, type ProfileOptions, type UserProfile } from './user-profile';

export interface AppliedOutcome {
  /** The profile after the interaction; the same object when nothing changed. */
  profile: UserProfile | undefined;
  changed: boolean;
}

const DAY_MS = 86_400_000;
const LIKED_RATING = 4;

/** `2^(-elapsed / half-life)`: what a weight at some time is worth `elapsedMs` later. */
const decay = (elapsedMs: number, options: ProfileOptions): number => 2 ** (-elapsedMs / (options.halfLifeDays * DAY_MS));

/** Decayed strength on a common log scale, to order weights decayed to different times. */
const strength = (weight: number, at: number, options: ProfileOptions): number =>
  weight > 0 ? Math.log2(weight) + at / (options.halfLifeDays * DAY_MS) : -Infinity;

const norm = (vector: Float32Array): number => {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i] * vector[i];
  return Math.sqrt(sum);
};

const dot = (a: Float32Array, b: Float32Array): number => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
};

const unit = (vector: Float32Array): Float32Array | undefined => {
  const length = norm(vector);
  if (!(length > 0) || !Number.isFinite(length)) return undefined;
  const out = new Float32Array(vector.length);
  for (let i = 0; i < vector.length; i++) out[i] = vector[i] / length;
  return out;
};

/** The sum of two decayed interests, decayed to the later of their times. */
const combine = (a: InterestCentroid, b: InterestCentroid, options: ProfileOptions): InterestCentroid => {
  const at = Math.max(a.at, b.at);
  const wa = a.weight * decay(at - a.at, options);
  const wb = b.weight * decay(at - b.at, options);
  const sum = new Float32Array(a.direction.length);
  for (let i = 0; i < sum.length; i++) sum[i] = a.direction[i] * wa + b.direction[i] * wb;
  const weight = norm(sum);
  const direction = weight > 0 ? sum.map((x) => x / weight) : a.direction;
  return { direction, weight, at, count: a.count + b.count };
};

/**
 * Online clustering of the user's films into at most `maxInterests` centroids: a film joins its
 * nearest interest when close enough; otherwise it starts one, and when all are taken the closest
 * two among the interests and the new film are merged (agglomerative step from K + 1 to K).
 */
const addInterest = (interests: readonly InterestCentroid[], film: InterestCentroid, options: ProfileOptions): InterestCentroid[] => {
  if (film.direction.length === 0) return [...interests];
  const comparable = interests.filter((c) => c.direction.length === film.direction.length);
  // A model change makes old centroids incomparable: they give way to the new model's.
  let next: InterestCentroid[] = comparable.length === interests.length ? [...interests] : comparable;
  let best = -1;
  let bestSimilarity = -Infinity;
  next.forEach((c, i) => {
    const similarity = dot(c.direction, film.direction);
    if (similarity > bestSimilarity) [best, bestSimilarity] = [i, similarity];
  });
  if (best >= 0 && bestSimilarity >= options.interestJoinSimilarity) {
    next[best] = combine(next[best], film, options);
  } else if (next.length < options.maxInterests) {
    next.push(film);
  } else {
    let pair: [number, number] | undefined;
    let pairSimilarity = -Infinity;
    for (let i = 0; i < next.length; i++)
      for (let j = i + 1; j < next.length; j++) {
        const similarity = dot(next[i].direction, next[j].direction);
        if (similarity > pairSimilarity) [pair, pairSimilarity] = [[i, j], similarity];
      }
    if (pair && pairSimilarity > bestSimilarity) {
      const merged = combine(next[pair[0]], next[pair[1]], options);
      next = next.filter((_, i) => i !== pair[0] && i !== pair[1]);
      next.push(merged, film);
    } else {
      next[best] = combine(next[best], film, options);
    }
  }
  return next.sort((a, b) => strength(b.weight, b.at, options) - strength(a.weight, a.at, options));
};

const engage = (engaged: readonly EngagedFilm[], filmId: string, weight: number, at: number, options: ProfileOptions): EngagedFilm[] => {
  const known = engaged.find((e) => e.filmId === filmId);
  let entry: EngagedFilm = { filmId, score: weight, at };
  if (known) {
    const later = Math.max(known.at, at);
    entry = { filmId, score: known.score * decay(later - known.at, options) + weight * decay(later - at, options), at: later };
  }
  return [entry, ...engaged.filter((e) => e.filmId !== filmId)]
    .sort((a, b) => strength(b.score, b.at, options) - strength(a.score, a.at, options) || (a.filmId < b.filmId ? -1 : 1))
    .slice(0, options.maxEngagedFilms);
};

/** Newest first, each film once, bounded. */
const remember = (films: readonly string[], filmId: string, options: ProfileOptions): string[] =>
  [filmId, ...films.filter((id) => id !== filmId)].slice(0, options.maxFilmsPerSet);

const interestWeight = (interaction: UserInteractionEvent, options: ProfileOptions): number => {
  switch (interaction.type) {
    case 'view':
    case 'click':
    case 'like':
    case 'booking':
      return options.weights[interaction.type];
    case 'rating':
      return Math.max(0, options.weights.ratingPerStar * (interaction.rating - options.ratingNeutral));
    default:
      return 0;
  }
};

const alreadyApplied = (profile: UserProfile, interactionId: string, receivedAt: number): boolean =>
  receivedAt < profile.appliedUpTo || profile.applied.some((a) => a.interactionId === interactionId.toLowerCase());

/** What the interaction changes, apart from the bookkeeping (version, applied ids); undefined: nothing. */
const changes = (
  profile: UserProfile,
  interaction: UserInteractionEvent,
  filmVector: Float32Array | undefined,
  options: ProfileOptions,
): Partial<UserProfile> | undefined => {
  const at = Date.parse(interaction.occurredAt);
  switch (interaction.type) {
    case 'impression':
    case 'search':
      return undefined;
    case 'preferences':
      return { preferences: { ...profile.preferences, ...interaction.preferences } };
    case 'sent':
      if (profile.lastSent && profile.lastSent.at > at) return undefined;
      return { lastSent: { edition: interaction.edition, filmIds: [...new Set(interaction.filmIds)], at } };
    case 'dismiss':
      return {
        dismissed: remember(profile.dismissed, interaction.filmId, options),
        liked: profile.liked.filter((id) => id !== interaction.filmId),
        engaged: profile.engaged.filter((e) => e.filmId !== interaction.filmId),
      };
  }
  const { filmId } = interaction;
  const weight = interestWeight(interaction, options);
  const direction = filmVector && unit(filmVector);
  const update: { -readonly [K in keyof UserProfile]?: UserProfile[K] } = {};
  if (interaction.type === 'booking') update.booked = remember(profile.booked, filmId, options);
  else update.seen = remember(profile.seen, filmId, options);
  // A rating of four stars or more is a like, so that explanations say "because you liked" of it.
  if (interaction.type === 'like' || (interaction.type === 'rating' && interaction.rating >= LIKED_RATING))
    update.liked = remember(profile.liked, filmId, options);
  if (weight > 0 && !profile.dismissed.includes(filmId)) {
    update.engaged = engage(profile.engaged, filmId, weight, at, options);
    if (direction) update.interests = addInterest(profile.interests, { direction, weight, at, count: 1 }, options);
  }
  return update;
};

/**
 * The profile after one interaction: pure, so the profiler, the evaluation and tests share it.
 * Anonymous interactions and redeliveries (by `interactionId`, or received before `appliedUpTo`)
 * change nothing; `filmVector` is the film's vector from film-index, when it is indexed.
 */
export function applyInteraction(
  profile: UserProfile | undefined,
  interaction: UserInteractionEvent,
  filmVector: Float32Array | undefined,
  options: ProfileOptions,
): AppliedOutcome {
  const { userId } = interaction;
  if (userId === undefined || (profile && profile.userId !== userId)) return { profile, changed: false };
  const receivedAt = Date.parse(interaction.receivedAt);
  const base = profile ?? emptyProfile(userId, receivedAt);
  if (alreadyApplied(base, interaction.interactionId, receivedAt)) return { profile, changed: false };
  const update = changes(base, interaction, filmVector, options);
  if (update === undefined) return { profile, changed: false };
  const applied = [{ interactionId: interaction.interactionId.toLowerCase(), receivedAt }, ...base.applied];
  const evicted = applied.splice(options.maxAppliedIds);
  const appliedUpTo = evicted.reduce((upTo, a) => Math.max(upTo, a.receivedAt), base.appliedUpTo);
  return {
    profile: {
      ...base,
      ...update,
      version: base.version + 1,
      updatedAt: Math.max(base.updatedAt, Date.parse(interaction.occurredAt)),
      applied,
      appliedUpTo,
    },
    changed: true,
  };
}
