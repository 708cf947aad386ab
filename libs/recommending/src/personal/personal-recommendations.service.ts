import { randomUUID } from 'node:crypto';
import type { CollaborativeSignal } from '@marquee/domain';
import type { ProfileStore } from '@marquee/profiles';
import type { PersonalEvent, PersonalQuery, PersonalRecommender } from './personal-recommender';

export interface PersonalRecommendationsQuery extends Omit<PersonalQuery, 'languages' | 'history' | 'anyTime'> {
  /** The reader's languages from the request; none: the user's preferred languages, else English. */
  languages?: readonly string[];
}

export interface PersonalRecommendationsAnswer {
  userId: string;
  /** Unique per response; feedback (impressions, clicks) refers to it. */
  recommendationId: string;
  /** No history yet: popular upcoming events near the user's place. */
  coldStart: boolean;
  /** The profile version the answer was computed from (0: no profile). */
  profileVersion: number;
  results: PersonalEvent[];
}

const DEFAULT_LANGUAGES = ['en'];

/**
 * `GET /users/:id/recommendations`: reads the user's profile and collaborative history, then ranks.
 * Never cached: an answer is personal, and computing it is about as cheap as a related-events miss.
 */
export class PersonalRecommendationsService {
  constructor(
    private readonly profiles: ProfileStore,
    private readonly personal: PersonalRecommender,
    private readonly collaborative: CollaborativeSignal,
  ) {}

  async recommend(userId: string, query: PersonalRecommendationsQuery): Promise<PersonalRecommendationsAnswer> {
    const [profile, collaborativeHistory] = await Promise.all([this.profiles.get(userId), this.collaborative.historyOf(userId)]);
    // Just erased: the collaborative store forgets the user when its consumer reads the erasure; until then its history is not used.
    const erased = profile === undefined && (await this.profiles.erasedAt(userId)) !== undefined;
    const history = erased ? [] : collaborativeHistory;
    const languages = query.languages?.length ? query.languages : (profile?.preferences.languages ?? DEFAULT_LANGUAGES);
    const { coldStart, events } = this.personal.rankForUser(profile, { ...query, languages, history });
    return { userId, recommendationId: randomUUID(), coldStart, profileVersion: profile?.version ?? 0, results: events };
  }
}
