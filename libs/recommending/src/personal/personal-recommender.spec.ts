import { FilmCatalogue } from '@marquee/catalogue';
import { personalSettings, validateMarqueeConfig } from '@marquee/config';
import type { CollaborativeSignal, Film, UserInteractionEvent, WeightedFilm } from '@marquee/domain';
import { applyInteraction, type UserProfile } from '@marquee/profiles';
import { BruteForceVectorIndex } from '@marquee/vector-index';
import { defaultProfileOptions, interaction } from '../../../../test/support/profiles';
import { filmWith, screeningAt, type VenueKey } from '../../../../test/support/screenings';
import { Recommender } from '../recommender';
import { NO_COLLABORATIVE_SIGNAL } from './no-collaborative-signal';
import { PersonalRecommender, type PersonalQuery } from './personal-recommender';

const now = new Date('2026-03-20T12:00:00Z');
const SOON = '2026-03-24T20:00:00+01:00';
const LATER = '2026-04-15T20:00:00+02:00';
const unit = (...xs: number[]) => {
  const norm = Math.hypot(...xs);
  return new Float32Array(xs.map((x) => x / norm));
};
const film = (id: string, at: VenueKey, extra: Parameters<typeof filmWith>[2] = {}, start = SOON) =>
  filmWith(id, [screeningAt(`${id}-s`, start, at)], { titles: { en: `The ${id}`, nl: `De ${id}` }, ...extra });

/** Documentaries along x, horror along y, musicals along z; popularity decides among equals. */
const films: [Film, Float32Array][] = [
  [film('doc-liked', 'gent', { directors: ['Agnès Varda'], popularity: 5 }), unit(1, 0, 0)],
  [film('doc-a', 'gent', { directors: ['Agnès Varda'], popularity: 1 }), unit(0.95, 0.05, 0)],
  [film('doc-b', 'antwerpen', { popularity: 2 }), unit(0.9, 0.1, 0.05)],
  [film('doc-seen', 'gent', { popularity: 3 }), unit(0.97, 0, 0.03)],
  [film('horror-booked', 'gent', { popularity: 1 }), unit(0, 1, 0)],
  [film('horror-a', 'antwerpen', { popularity: 1 }), unit(0.05, 0.95, 0)],
  [film('musical-hit', 'antwerpen', { popularity: 900 }, LATER), unit(0, 0, 1)],
  [film('musical-gent', 'gent', { popularity: 400 }), unit(0.05, 0, 1)],
  [film('past', 'gent', { popularity: 1_000 }, '2026-03-01T20:00:00+01:00'), unit(1, 0, 0)],
];

const catalogue = new FilmCatalogue(new BruteForceVectorIndex({ dimension: 3 }));
for (const [f, vector] of films) catalogue.upsert({ film: f, version: 1, contentHash: f.id }, vector);
const vectorOf = (id: string) => catalogue.index.vectorOf(id);

const settings = personalSettings(validateMarqueeConfig({}));
const recommenderOf = (collaborative: CollaborativeSignal = NO_COLLABORATIVE_SIGNAL, blend = settings.blend) =>
  new PersonalRecommender(catalogue, new Recommender(catalogue, settings), collaborative, { ...settings, blend, defaultDiversity: 0 });
const query = (overrides: Partial<PersonalQuery> = {}): PersonalQuery => ({ limit: 3, languages: ['en'], now, ...overrides });

const profileOf = (steps: [Record<string, unknown> & { type: string }, string][]): UserProfile => {
  let profile: UserProfile | undefined;
  steps.forEach(([fields, at]) => {
    const event = interaction({ userId: 'u-1', ...fields } as never, Date.parse(at)) as UserInteractionEvent;
    const filmId = 'filmId' in event ? event.filmId : undefined;
    profile = applyInteraction(profile, event, filmId ? vectorOf(filmId) : undefined, defaultProfileOptions()).profile;
  });
  if (!profile) throw new Error('no profile');
  return profile;
};
const ids = (events: { id: string }[]) => events.map((e) => e.id);

describe('PersonalRecommender', () => {
  const docLover = profileOf([
    [{ type: 'like', filmId: 'doc-liked' }, '2026-03-18T10:00:00Z'],
    [{ type: 'view', filmId: 'doc-seen' }, '2026-03-18T11:00:00Z'],
  ]);

  it('ranks the neighbours of the user interests, never what the user saw, booked or dismissed, and only upcoming films', () => {
    const profile = profileOf([
      [{ type: 'like', filmId: 'doc-liked' }, '2026-03-18T10:00:00Z'],
      [{ type: 'view', filmId: 'doc-seen' }, '2026-03-18T11:00:00Z'],
      [{ type: 'booking', filmId: 'horror-booked' }, '2026-03-18T12:00:00Z'],
      [{ type: 'dismiss', filmId: 'doc-b' }, '2026-03-18T13:00:00Z'],
    ]);
    const { coldStart, events } = recommenderOf(NO_COLLABORATIVE_SIGNAL, { content: 1, collaborative: 0, popularity: 0 }).rankForUser(
      profile,
      query({ limit: 10 }),
    );

    expect(coldStart).toBe(false);
    const found = ids(events);
    expect(found.slice(0, 2).sort()).toEqual(['doc-a', 'horror-a']);
    for (const excluded of ['doc-liked', 'doc-seen', 'horror-booked', 'doc-b', 'past']) expect(found).not.toContain(excluded);
    expect(new Set(found).size).toBe(found.length);
  });

  it('leaves out what the last newsletter carried only with excludeSent', () => {
    const profile = profileOf([
      [{ type: 'like', filmId: 'doc-liked' }, '2026-03-18T10:00:00Z'],
      [{ type: 'sent', edition: 'w12', filmIds: ['doc-a'] }, '2026-03-19T08:00:00Z'],
    ]);
    const recommender = recommenderOf();

    expect(ids(recommender.rankForUser(profile, query()).events)).toContain('doc-a');
    expect(ids(recommender.rankForUser(profile, query({ excludeSent: true })).events)).not.toContain('doc-a');
  });

  it('explains a content pick by the engaged film it resembles, in the reader language, with the shared director', () => {
    const { events } = recommenderOf(NO_COLLABORATIVE_SIGNAL, { content: 1, collaborative: 0, popularity: 0 }).rankForUser(
      docLover,
      query({ languages: ['nl'] }),
    );

    const docA = events.find((e) => e.id === 'doc-a');
    expect(docA?.source).toBe('content');
    expect(docA?.explanations[0]).toBe('Omdat je De doc-liked leuk vond');
    expect(docA?.explanations).toContain('Zelfde regisseur: Agnès Varda');
  });

  it('says "because you booked" for a film the user booked, in English by default', () => {
    const profile = profileOf([[{ type: 'booking', filmId: 'horror-booked' }, '2026-03-18T12:00:00Z']]);
    const { events } = recommenderOf(NO_COLLABORATIVE_SIGNAL, { content: 1, collaborative: 0, popularity: 0 }).rankForUser(
      profile,
      query(),
    );

    expect(events[0]).toMatchObject({ id: 'horror-a', source: 'content' });
    expect(events[0].explanations[0]).toBe('Because you booked The horror-booked');
  });

  it('is a cold start without history: popular upcoming events, in the user city first, explained as popular', () => {
    const profile = profileOf([[{ type: 'preferences', preferences: { city: 'Gent' } }, '2026-03-18T10:00:00Z']]);
    const { coldStart, events } = recommenderOf().rankForUser(profile, query({ limit: 6 }));

    expect(coldStart).toBe(true);
    expect(events[0]).toMatchObject({ id: 'musical-gent', source: 'popular' });
    expect(events[0].explanations[0]).toBe('Popular in Gent this week');
    // The five upcoming films in Gent, then the rest: the most popular film, in Antwerpen.
    expect(events.slice(0, 5).every((e) => e.nextScreenings[0].venue.city === 'Gent')).toBe(true);
    expect(events[5].id).toBe('musical-hit');
    expect(events.find((e) => e.id === 'musical-hit')?.explanations[0]).toBe('Popular in Antwerpen');
    expect(ids(events)).not.toContain('past');
    // An unknown user is a cold start too.
    expect(recommenderOf().rankForUser(undefined, query()).coldStart).toBe(true);
  });

  it('blends in the collaborative signal and explains its picks by the history film they come from', () => {
    const calls: WeightedFilm[][] = [];
    const collaborative: CollaborativeSignal = {
      ...NO_COLLABORATIVE_SIGNAL,
      scoresFor: (history, candidates, limit) => {
        calls.push([...history]);
        return [{ filmId: 'horror-a', weight: 3 }].filter((s) => !candidates || candidates.has(s.filmId)).slice(0, limit);
      },
      neighboursOf: (filmId) => (filmId === 'doc-liked' ? [{ filmId: 'horror-a', weight: 0.9 }] : []),
    };
    const { events } = recommenderOf(collaborative, { content: 0.2, collaborative: 1, popularity: 0 }).rankForUser(docLover, query());

    expect(events[0]).toMatchObject({ id: 'horror-a', source: 'collaborative' });
    expect(events[0].explanations[0]).toBe('Visitors who liked The doc-liked also liked this');
    // Without a history of its own the signal is asked with the profile's engaged films.
    expect(calls[0].map((h) => h.filmId).sort()).toEqual(['doc-liked', 'doc-seen']);
  });

  it('with audience popularity, ranks by what the audience engaged with as of now rather than the catalogue figure', () => {
    const asked: number[] = [];
    // The audience is into doc-b lately; the catalogue still says musical-hit (900) and musical-gent (400).
    const audience: CollaborativeSignal = {
      ...NO_COLLABORATIVE_SIGNAL,
      popularityAt: (atMs) => (
        asked.push(atMs),
        new Map([
          ['doc-b', 30],
          ['musical-gent', 2],
        ])
      ),
      popularAt: (atMs, k) =>
        [
          { filmId: 'doc-b', weight: 30 },
          { filmId: 'musical-gent', weight: 2 },
        ].slice(0, k),
    };
    const popularOnly = { content: 0, collaborative: 0, popularity: 1 };
    const byAudience = new PersonalRecommender(catalogue, new Recommender(catalogue, settings), audience, {
      ...settings,
      blend: popularOnly,
      defaultDiversity: 0,
      popularitySource: 'audience',
    }).rankForUser(docLover, query({ limit: 2 }));
    const byCatalogue = new PersonalRecommender(catalogue, new Recommender(catalogue, settings), audience, {
      ...settings,
      blend: popularOnly,
      defaultDiversity: 0,
      popularitySource: 'catalogue',
    }).rankForUser(docLover, query({ limit: 2 }));

    expect(ids(byAudience.events)).toEqual(['doc-b', 'musical-gent']);
    expect(asked).toEqual([now.getTime()]);
    expect(ids(byCatalogue.events)).toEqual(['musical-hit', 'musical-gent']);
    // A signal that knows of no engagement leaves the catalogue's figure in charge.
    const silent = new PersonalRecommender(catalogue, new Recommender(catalogue, settings), NO_COLLABORATIVE_SIGNAL, {
      ...settings,
      blend: popularOnly,
      defaultDiversity: 0,
      popularitySource: 'audience',
    }).rankForUser(docLover, query({ limit: 2 }));
    expect(ids(silent.events)).toEqual(['musical-hit', 'musical-gent']);
  });

  it('shows what the user just did at once: a like of a new kind of film brings its neighbours in beside a long-held interest', () => {
    const profile = profileOf([
      [{ type: 'booking', filmId: 'doc-liked' }, '2026-03-08T10:00:00Z'],
      [{ type: 'like', filmId: 'doc-seen' }, '2026-03-09T10:00:00Z'],
      [{ type: 'booking', filmId: 'doc-b' }, '2026-03-10T10:00:00Z'],
      [{ type: 'like', filmId: 'musical-gent' }, now.toISOString()],
    ]);
    // More documentaries than the list has room for.
    catalogue.upsert({ film: film('doc-c', 'gent'), version: 1, contentHash: 'c' }, unit(0.85, 0.15, 0));
    catalogue.upsert({ film: film('doc-d', 'gent'), version: 1, contentHash: 'd' }, unit(0.85, 0, 0.15));
    const { events } = recommenderOf(NO_COLLABORATIVE_SIGNAL, { content: 1, collaborative: 0, popularity: 0 }).rankForUser(
      profile,
      query({ limit: 2 }),
    );
    catalogue.remove('doc-c');
    catalogue.remove('doc-d');

    expect(ids(events).sort()).toEqual(['doc-a', 'musical-hit']);
  });

  it('avoids the genres the user asked to avoid', () => {
    const horrorFan = profileOf([
      [{ type: 'booking', filmId: 'horror-booked' }, '2026-03-18T12:00:00Z'],
      [{ type: 'preferences', preferences: { avoidGenres: ['Horror'] } }, '2026-03-18T12:30:00Z'],
    ]);
    catalogue.upsert({ film: film('horror-gory', 'gent', { genres: ['Horror'] }), version: 1, contentHash: 'x' }, unit(0, 1, 0.01));

    const { events } = recommenderOf(NO_COLLABORATIVE_SIGNAL, { content: 1, collaborative: 0, popularity: 0 }).rankForUser(
      horrorFan,
      query(),
    );

    expect(ids(events)).toContain('horror-a');
    expect(ids(events)).not.toContain('horror-gory');
    catalogue.remove('horror-gory');
  });

  it('ranks films that do not screen with anyTime (offline evaluation)', () => {
    const { events } = recommenderOf(NO_COLLABORATIVE_SIGNAL, { content: 1, collaborative: 0, popularity: 0 }).rankForUser(
      docLover,
      query({ limit: 20, anyTime: true }),
    );
    expect(ids(events)).toContain('past');
  });
});
