import { randomUUID } from 'node:crypto';
import { Topics, type CollaborativeSignal, type EventBus, type UserErasureEvent, type WeightedFilm } from '@marquee/domain';
import type { ProfileStore } from './profile-store.port';
import type { UserProfile } from './user-profile';

/** What Marquee holds on one user, for `GET /users/:id/export` (data portability). */
export interface UserDataExport {
  userId: string;
  exportedAt: string;
  /** Undefined: no profile (never seen, or erased). */
  profile?: Omit<UserProfile, 'interests' | 'applied'> & {
    interests: { weight: number; at: string; count: number; direction: number[] }[];
    applied: { interactionId: string; receivedAt: string }[];
  };
  /** The user's engagements as the collaborative signal keeps them. */
  collaborativeHistory: WeightedFilm[];
  /** When the user was last erased, while the tombstone lasts. */
  erasedAt?: string;
  /** What is kept elsewhere and is not part of this export. */
  alsoKept: string[];
}

const iso = (ms: number): string => new Date(ms).toISOString();
const rounded = (vector: Float32Array): number[] => Array.from(vector, (x) => Math.round(x * 1e5) / 1e5);

/**
 * Erasure and export of one user's data. Erasure publishes to the compacted `user-erasures` topic,
 * which every consumer with per-user state honours (also on replay), and removes the profile here at
 * once so that the next answer is already a cold start.
 */
export class UserDataService {
  constructor(
    private readonly bus: EventBus,
    private readonly profiles: ProfileStore,
    private readonly collaborative: CollaborativeSignal,
    private readonly retentionDays: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async erase(userId: string): Promise<UserErasureEvent> {
    const erasure: UserErasureEvent = { erasureId: randomUUID(), userId, requestedAt: this.clock().toISOString() };
    // Published first: once it is on the topic, every consumer erases, even if this process stops now.
    await this.bus.publish(Topics.userErasures, [{ key: userId, value: JSON.stringify(erasure) }]);
    await this.profiles.erase(userId, new Date(erasure.requestedAt));
    return erasure;
  }

  async export(userId: string): Promise<UserDataExport> {
    const [profile, collaborativeHistory, erasedAt] = await Promise.all([
      this.profiles.get(userId),
      this.collaborative.historyOf(userId),
      this.profiles.erasedAt(userId),
    ]);
    return {
      userId,
      exportedAt: this.clock().toISOString(),
      ...(profile
        ? {
            profile: {
              ...profile,
              interests: profile.interests.map((c) => ({
                weight: c.weight,
                at: iso(c.at),
                count: c.count,
                direction: rounded(c.direction),
              })),
              applied: profile.applied.map((a) => ({ interactionId: a.interactionId, receivedAt: iso(a.receivedAt) })),
            },
          }
        : {}),
      collaborativeHistory,
      ...(erasedAt === undefined ? {} : { erasedAt: iso(erasedAt) }),
      alsoKept: [
        `raw interactions on the ${Topics.userInteractions} topic, deleted after ${this.retentionDays} days`,
        'audience aggregates, which count users only in cells of several users and keep no user id',
      ],
    };
  }
}
