import { axisVector, DAY_MS, defaultProfileOptions, interaction } from '../../../test/support/profiles';
import { applyInteraction } from './apply-interaction';
import { excludedFilms, hasHistory, type ProfileOptions, type UserProfile } from './user-profile';

const DIM = 16;
const T0 = Date.parse('2026-11-01T12:00:00Z');
const options: ProfileOptions = { ...defaultProfileOptions(), maxInterests: 3, halfLifeDays: 30, interestJoinSimilarity: 0.5 };

const cosine = (a: Float32Array, b: Float32Array): number => {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return dot / (Math.hypot(...a) * Math.hypot(...b));
};

/** Applies interactions in order from no profile; every one must change it. */
const build = (steps: [Record<string, unknown> & { type: string }, number, Float32Array?][], opts = options): UserProfile => {
  let profile: UserProfile | undefined;
  for (const [fields, at, vector] of steps) {
    const outcome = applyInteraction(profile, interaction({ userId: 'u-1', ...fields } as never, at), vector, opts);
    profile = outcome.profile;
  }
  if (!profile) throw new Error('no profile built');
  return profile;
};

describe('applyInteraction', () => {
  it('builds a profile from a first view: the film is seen, the interest points at it, version 1', () => {
    const vector = axisVector(DIM, 2, 0.2);
    const event = interaction({ type: 'view', userId: 'u-1', filmId: 'backstage' }, T0);

    const { profile, changed } = applyInteraction(undefined, event, vector, options);

    expect(changed).toBe(true);
    expect(profile).toMatchObject({ userId: 'u-1', version: 1, createdAt: T0, updatedAt: T0, seen: ['backstage'] });
    expect(profile?.interests).toHaveLength(1);
    expect(cosine(profile!.interests[0].direction, vector)).toBeCloseTo(1, 5);
    expect(profile?.engaged.map((e) => e.filmId)).toEqual(['backstage']);
    expect(hasHistory(profile)).toBe(true);
  });

  it('ignores a redelivery of the same interaction', () => {
    const event = interaction({ type: 'like', userId: 'u-1', filmId: 'backstage' }, T0);
    const first = applyInteraction(undefined, event, axisVector(DIM, 0), options).profile;

    const again = applyInteraction(first, { ...event, interactionId: event.interactionId.toUpperCase() }, axisVector(DIM, 0), options);

    expect(again.changed).toBe(false);
    expect(again.profile).toBe(first);
  });

  it('keeps interests far apart in separate centroids, the recent one strongest', () => {
    const documentary = axisVector(DIM, 0, 0.1);
    const horror = axisVector(DIM, 8, 0.1);
    const profile = build([
      [{ type: 'booking', filmId: 'doc-1' }, T0, documentary],
      [{ type: 'view', filmId: 'horror-1' }, T0 + 90 * DAY_MS, horror],
    ]);

    expect(profile.interests).toHaveLength(2);
    // A booking (weight 4) 90 days (3 half-lives) old is worth 0.5 now: the recent view (1) leads.
    expect(cosine(profile.interests[0].direction, horror)).toBeGreaterThan(0.99);
    expect(cosine(profile.interests[1].direction, documentary)).toBeGreaterThan(0.99);
    expect(profile.engaged.map((e) => e.filmId)).toEqual(['horror-1', 'doc-1']);
  });

  it('lets recent films pull a shared interest towards them', () => {
    const older = axisVector(DIM, 0, 0.6);
    const newer = axisVector(DIM, 0, 0.6, 2);
    const recentLast = build([
      [{ type: 'view', filmId: 'a' }, T0, older],
      [{ type: 'view', filmId: 'b' }, T0 + 60 * DAY_MS, newer],
    ]);
    const sameDay = build([
      [{ type: 'view', filmId: 'a' }, T0, older],
      [{ type: 'view', filmId: 'b' }, T0, newer],
    ]);

    expect(recentLast.interests).toHaveLength(1);
    const direction = recentLast.interests[0].direction;
    expect(cosine(direction, newer)).toBeGreaterThan(cosine(direction, older));
    // With no time between them, neither pulls harder.
    expect(cosine(sameDay.interests[0].direction, newer)).toBeCloseTo(cosine(sameDay.interests[0].direction, older), 5);
  });

  it('merges the two closest interests when a new one arrives and all centroids are taken', () => {
    const a = axisVector(DIM, 0);
    const aLike = axisVector(DIM, 0, 0.9, 1); // cos(a, aLike) ≈ 0.74: under the 0.9 join threshold, but the closest pair
    const profile = build(
      [
        [{ type: 'view', filmId: 'a' }, T0, a],
        [{ type: 'view', filmId: 'a-like' }, T0 + 1, aLike],
        [{ type: 'view', filmId: 'b' }, T0 + 2, axisVector(DIM, 5)],
        [{ type: 'view', filmId: 'c' }, T0 + 3, axisVector(DIM, 10)],
      ],
      { ...options, interestJoinSimilarity: 0.9 },
    );

    expect(profile.interests).toHaveLength(3);
    const counts = profile.interests.map((c) => c.count).sort();
    expect(counts).toEqual([1, 1, 2]);
    const merged = profile.interests.find((c) => c.count === 2)!;
    expect(cosine(merged.direction, a)).toBeGreaterThan(0.8);
    expect(cosine(merged.direction, aLike)).toBeGreaterThan(0.8);
  });

  it('records bookings, likes and dismissals; a dismissal drops the film from what explanations cite', () => {
    const profile = build([
      [{ type: 'booking', filmId: 'booked' }, T0, axisVector(DIM, 1)],
      [{ type: 'like', filmId: 'liked' }, T0 + 1, axisVector(DIM, 1, 0.1)],
      [{ type: 'view', filmId: 'dismissed' }, T0 + 2, axisVector(DIM, 1, 0.2)],
      [{ type: 'dismiss', filmId: 'dismissed' }, T0 + 3],
      [{ type: 'view', filmId: 'dismissed' }, T0 + 4, axisVector(DIM, 1, 0.2)],
    ]);

    expect(profile).toMatchObject({ booked: ['booked'], liked: ['liked'], dismissed: ['dismissed'] });
    expect(profile.seen).toEqual(['dismissed', 'liked']);
    expect(profile.engaged.map((e) => e.filmId).sort()).toEqual(['booked', 'liked']);
    expect([...excludedFilms(profile)].sort()).toEqual(['booked', 'dismissed', 'liked']);
  });

  it('changes nothing for impressions, searches and anonymous interactions', () => {
    const start = build([[{ type: 'view', filmId: 'a' }, T0, axisVector(DIM, 0)]]);
    const unchanged = [
      interaction({ type: 'impression', userId: 'u-1', filmId: 'b' }, T0 + 1),
      interaction({ type: 'search', userId: 'u-1', query: 'noir' }, T0 + 2),
      interaction({ type: 'view', filmId: 'c' }, T0 + 3),
    ];
    for (const event of unchanged)
      expect(applyInteraction(start, event, axisVector(DIM, 3), options)).toEqual({ profile: start, changed: false });
    expect(applyInteraction(undefined, unchanged[2], axisVector(DIM, 3), options)).toEqual({ profile: undefined, changed: false });
  });

  it('merges preferences: given fields replace the stored ones, absent fields stay; preferences alone are no history', () => {
    const profile = build([
      [{ type: 'preferences', preferences: { city: 'Gent', languages: ['nl'], newsletter: true } }, T0],
      [{ type: 'preferences', preferences: { languages: ['en', 'nl'], newsletter: false } }, T0 + 1],
    ]);

    expect(profile.preferences).toEqual({ city: 'Gent', languages: ['en', 'nl'], newsletter: false });
    expect(hasHistory(profile)).toBe(false);
  });

  it('keeps the newest edition sent, whatever order the editions arrive in', () => {
    const profile = build([
      [{ type: 'sent', edition: 'w49', filmIds: ['x', 'y'] }, T0 + DAY_MS],
      [{ type: 'sent', edition: 'w48', filmIds: ['z'] }, T0],
    ]);

    expect(profile.lastSent).toEqual({ edition: 'w49', filmIds: ['x', 'y'], at: T0 + DAY_MS });
    expect(excludedFilms(profile).has('x')).toBe(false);
    expect([...excludedFilms(profile, { sent: true })].sort()).toEqual(['x', 'y']);
  });

  it('adds interest for good ratings only; a poor rating still marks the film seen', () => {
    const profile = build([
      [{ type: 'rating', filmId: 'poor', rating: 1.5 }, T0, axisVector(DIM, 0)],
      [{ type: 'rating', filmId: 'good', rating: 4.5 }, T0 + 1, axisVector(DIM, 7)],
    ]);

    expect(profile.seen).toEqual(['good', 'poor']);
    expect(profile.liked).toEqual(['good']);
    expect(profile.interests).toHaveLength(1);
    expect(cosine(profile.interests[0].direction, axisVector(DIM, 7))).toBeCloseTo(1, 5);
    expect(profile.engaged.map((e) => e.filmId)).toEqual(['good']);
  });

  it('bounds sets and applied ids, and still ignores redeliveries of ids that fell out of the window', () => {
    const small = { ...options, maxFilmsPerSet: 5, maxAppliedIds: 3, maxEngagedFilms: 4 };
    const events = Array.from({ length: 10 }, (_, i) => interaction({ type: 'view', userId: 'u-1', filmId: `f${i}` }, T0 + i * 1_000));
    let profile: UserProfile | undefined;
    events.forEach((event, k) => {
      profile = applyInteraction(profile, event, axisVector(DIM, k), small).profile;
    });

    expect(profile?.seen).toEqual(['f9', 'f8', 'f7', 'f6', 'f5']);
    expect(profile?.engaged).toHaveLength(4);
    expect(profile?.applied.map((a) => a.interactionId)).toEqual(
      events
        .slice(7)
        .reverse()
        .map((e) => e.interactionId),
    );
    expect(profile?.version).toBe(10);
    expect(applyInteraction(profile, events[2], axisVector(DIM, 2), small).changed).toBe(false);
  });

  it('rebuilds the same profile from the same interactions (a replay)', () => {
    const steps: Parameters<typeof build>[0] = [
      [{ type: 'view', filmId: 'a' }, T0, axisVector(DIM, 0, 0.3)],
      [{ type: 'booking', filmId: 'b' }, T0 + DAY_MS, axisVector(DIM, 6, 0.2)],
      [{ type: 'like', filmId: 'c' }, T0 + 2 * DAY_MS, axisVector(DIM, 0, 0.5)],
    ];
    const events = steps.map(([fields, at]) => interaction({ userId: 'u-1', ...fields } as never, at));
    const replay = (): UserProfile | undefined =>
      events.reduce<UserProfile | undefined>((p, e, k) => applyInteraction(p, e, steps[k][2], options).profile, undefined);

    expect(replay()).toEqual(replay());
  });
});
