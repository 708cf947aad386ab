import type { ProfileStore, UserProfile } from '@marquee/profiles';
import type { SubscriberSource } from '../ports/subscriber-source.port';
import type { Subscriber } from '../subscriber';

const SCAN_BATCH = 500;

/**
 * Subscribers from the profile store: the films a user engaged with most seed their picks, and
 * what the last edition carried is left out, unless that edition is the one being produced (a
 * rerun after a crash, whose `sent` interactions already reached the profile).
 */
export class ProfileSubscriberSource implements SubscriberSource {
  constructor(
    private readonly profiles: ProfileStore,
    private readonly edition: string,
  ) {}

  async *subscribers(): AsyncIterable<Subscriber> {
    for await (const batch of this.profiles.scan(SCAN_BATCH)) {
      for (const profile of batch) if (profile.preferences.newsletter === true) yield this.toSubscriber(profile);
    }
  }

  async subscriber(userId: string): Promise<Subscriber | undefined> {
    const profile = await this.profiles.get(userId);
    return profile && this.toSubscriber(profile);
  }

  private toSubscriber(profile: UserProfile): Subscriber {
    const lastSent = profile.lastSent && profile.lastSent.edition !== this.edition ? [...profile.lastSent.filmIds] : [];
    return {
      userId: profile.userId,
      preferences: profile.preferences,
      segments: [],
      liked: profile.engaged.map((e) => e.filmId),
      booked: [...profile.booked],
      dismissed: [...profile.dismissed],
      lastSent,
    };
  }
}
