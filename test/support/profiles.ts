import { randomUUID } from 'node:crypto';
import type { UserInteractionEvent } from '@marquee/domain';
import { emptyProfile, type ProfileOptions, type UserProfile } from '@marquee/profiles';
import { profileSettings, validateMarqueeConfig } from '@marquee/config';

/** The configured defaults, as the profiler uses them. */
export const defaultProfileOptions = (): ProfileOptions => profileSettings(validateMarqueeConfig({}));

export const DAY_MS = 86_400_000;

/** A validated-shape interaction event for tests; `at` is both occurredAt and receivedAt unless given. */
export const interaction = (
  fields: Record<string, unknown> & { type: UserInteractionEvent['type'] },
  at: Date | number = Date.now(),
): UserInteractionEvent => {
  const iso = new Date(at).toISOString();
  return { interactionId: randomUUID(), occurredAt: iso, receivedAt: iso, ...fields } as UserInteractionEvent;
};

/** A unit vector along one axis, with a little of another: films on the same axis are alike, on different axes unrelated. */
export const axisVector = (dimension: number, axis: number, tilt = 0, tiltAxis = (axis + 1) % dimension): Float32Array => {
  const v = new Float32Array(dimension);
  v[axis] = 1;
  v[tiltAxis] += tilt;
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};

/** A profile with some of everything, to round-trip through stores. */
export const sampleProfile = (userId: string, version = 1): UserProfile => ({
  ...emptyProfile(userId, 1_700_000_000_000),
  version,
  updatedAt: 1_700_000_500_000,
  interests: [
    { direction: axisVector(8, 0, 0.3), weight: 3.5, at: 1_700_000_400_000, count: 3 },
    { direction: axisVector(8, 4, 0.1), weight: 1, at: 1_700_000_500_000, count: 1 },
  ],
  seen: ['film-2', 'film-1'],
  booked: ['film-3'],
  dismissed: ['film-4'],
  liked: ['film-1'],
  lastSent: { edition: '2026-w49', filmIds: ['film-7', 'film-8'], at: 1_700_000_300_000 },
  preferences: { city: 'Gent', languages: ['nl', 'en'], newsletter: true },
  engaged: [
    { filmId: 'film-1', score: 4, at: 1_700_000_400_000 },
    { filmId: 'film-2', score: 1, at: 1_700_000_500_000 },
  ],
  applied: [
    { interactionId: '1b4e28ba-2fa1-4d2b-883f-0016d3cca427', receivedAt: 1_700_000_500_000 },
    { interactionId: '6ec0bd7f-11c0-43da-975e-2a8ad9ebae0b', receivedAt: 1_700_000_400_000 },
  ],
  appliedUpTo: 1_699_999_000_000,
});
