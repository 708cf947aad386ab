import type { Film } from '@marquee/domain';
import { filmWith, screeningAt, type VenueKey } from '../../../../test/support/screenings';
import { catalogueOf, editionFixtureCatalogue, plannerFor, subscriber, unitVector } from '../../../../test/support/newsletter';
import type { Plan } from './edition-planner';

const now = new Date('2026-12-03T12:00:00Z');
const IN_WINDOW = '2026-12-10T20:00:00+01:00';
const film = (id: string, at: VenueKey, extra: Parameters<typeof filmWith>[2] = {}, start = IN_WINDOW): Film =>
  filmWith(id, [screeningAt(`${id}-s`, start, at)], { spokenLanguages: ['en'], ...extra });

const backstage = film('backstage', 'gent', { titles: { en: 'Backstage', nl: 'Achter de schermen' }, directors: ['Ann Dirk'] });
const catalogue = catalogueOf([
  [backstage, unitVector(1, 0, 0)],
  [film('dance-doc', 'gent', { directors: ['Ann Dirk'] }), unitVector(0.98, 0.02, 0)],
  // 00:30 on 21 December in Gent is still 20 December in UTC: outside the window on the venue's clock.
  [film('dance-late', 'gent', {}, '2026-12-21T00:30:00+01:00'), unitVector(0.97, 0.03, 0)],
  // 00:30 on 7 December in Gent is 6 December in UTC: inside.
  [film('dance-early', 'gent', {}, '2026-12-07T00:30:00+01:00'), unitVector(0.96, 0.04, 0)],
  [film('dance-antwerpen', 'antwerpen'), unitVector(0.95, 0.05, 0)],
  [film('dance-french', 'gent', { spokenLanguages: ['fr'] }), unitVector(0.94, 0.06, 0)],
  [film('dance-booked', 'gent'), unitVector(0.93, 0.07, 0)],
  [film('dance-dismissed', 'gent'), unitVector(0.92, 0.08, 0)],
  [film('dance-sent', 'gent'), unitVector(0.91, 0.09, 0)],
  [film('horror', 'gent', { genres: ['Horror'] }), unitVector(0.9, 0.1, 0)],
  [film('blockbuster', 'gent', { popularity: 99 }), unitVector(0, 1, 0)],
  [film('blockbuster-antwerpen', 'antwerpen', { popularity: 98 }), unitVector(0, 0.9, 0.1)],
  [film('crowd-pleaser', 'gent', { popularity: 50 }), unitVector(0, 0, 1)],
]);

const fan = subscriber('fan', {
  liked: ['backstage'],
  booked: ['dance-booked'],
  dismissed: ['dance-dismissed'],
  lastSent: ['dance-sent'],
  preferences: { newsletter: true, city: 'Gent', languages: ['en'], avoidGenres: ['horror'] },
});

const newsletterOf = (plan: Plan) => {
  if (plan.kind !== 'newsletter') throw new Error(`skipped: ${plan.reason}`);
  return plan.newsletter;
};
const ids = (plan: Plan) => newsletterOf(plan).picks.map((p) => p.filmId);

describe('EditionPlanner', () => {
  const planner = plannerFor(catalogue, {}, now);

  it("keeps screenings inside the window on the venue's clock, in the subscriber's city and languages", () => {
    const picked = ids(planner.plan(fan));
    expect(picked).toContain('dance-doc');
    expect(picked).toContain('dance-early');
    expect(picked).not.toContain('dance-late');
    expect(picked).not.toContain('dance-antwerpen');
    expect(picked).not.toContain('dance-french');
  });

  it('leaves out what was booked, dismissed or sent in the previous edition, the liked film itself and avoided genres', () => {
    const picked = ids(planner.plan(fan));
    for (const id of ['dance-booked', 'dance-dismissed', 'dance-sent', 'backstage', 'horror']) expect(picked).not.toContain(id);
  });

  it('explains personal picks by the liked film and ends with popular picks near the subscriber', () => {
    const newsletter = newsletterOf(planner.plan(fan));
    const personal = newsletter.picks.filter((p) => p.section === 'personal');
    const popular = newsletter.picks.filter((p) => p.section === 'popular');
    expect(personal.map((p) => p.filmId)).toEqual(['dance-doc', 'dance-early']);
    expect(popular.map((p) => p.filmId)).toEqual(['blockbuster', 'crowd-pleaser']);
    expect(personal[0]).toMatchObject({ filmId: 'dance-doc', position: 1 });
    expect(personal[0].explanations.slice(0, 2)).toEqual(['Because you liked Backstage', 'Same director: Ann Dirk']);
    expect(popular[0].explanations[0]).toBe('Popular in Gent');
    expect(newsletter.picks.map((p) => p.position)).toEqual([1, 2, 3, 4]);
  });

  it("shows each screening's start on the venue's clock and carries the recommendationId in every link", () => {
    const newsletter = newsletterOf(planner.plan(fan));
    const early = newsletter.picks.find((p) => p.filmId === 'dance-early');
    expect(early?.screenings[0].localStart).toBe('Mon 7 Dec, 00:30');
    const links = newsletter.picks.flatMap((p) => [p.url, ...p.screenings.map((s) => s.bookingUrl)]).filter(Boolean);
    expect(newsletter.recommendationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (const link of links) expect(new URL(link as string).searchParams.get('mq_rid')).toBe(newsletter.recommendationId);
  });

  it('writes in the first language of the subscriber that newsletters speak', () => {
    const dutch = subscriber('nl-fan', { liked: ['backstage'], preferences: { newsletter: true, city: 'Gent', languages: ['nl', 'en'] } });
    const newsletter = newsletterOf(planner.plan(dutch));
    expect(newsletter.language).toBe('nl');
    expect(newsletter.picks[0].explanations[0]).toBe('Omdat je Achter de schermen mooi vond');
  });

  it('sends popular picks near a subscriber it knows nothing of (cold start)', () => {
    const newcomer = subscriber('newcomer');
    const newsletter = newsletterOf(planner.plan(newcomer));
    expect(newsletter.picks.every((p) => p.section === 'popular')).toBe(true);
    expect(newsletter.picks[0].filmId).toBe('blockbuster');
    expect(newsletter.picks.map((p) => p.filmId)).not.toContain('blockbuster-antwerpen');
  });

  it('takes the edition city over the home city', () => {
    const antwerpen = plannerFor(catalogue, { city: 'Antwerpen' }, now);
    expect(ids(antwerpen.plan(fan))).toEqual(['dance-antwerpen', 'blockbuster-antwerpen']);
  });

  it('skips subscribers with fewer new picks than the minimum, those not opted in and those of another segment', () => {
    const strict = plannerFor(catalogue, { city: 'Antwerpen' }, now, { minPicks: 3 });
    expect(strict.plan(fan)).toEqual({ kind: 'skipped', reason: 'nothing-new' });
    const seenItAll = subscriber('seen-it-all', {
      preferences: { newsletter: true, city: 'Antwerpen', languages: ['en'] },
      booked: ['dance-antwerpen'],
      lastSent: ['blockbuster-antwerpen'],
    });
    expect(planner.plan(seenItAll)).toEqual({ kind: 'skipped', reason: 'nothing-new' });
    expect(planner.plan(subscriber('out', { preferences: { newsletter: false, city: 'Gent' } }))).toEqual({
      kind: 'skipped',
      reason: 'not-subscribed',
    });
    const kids = plannerFor(catalogue, { segment: 'kids' }, now);
    expect(kids.plan(fan)).toEqual({ kind: 'skipped', reason: 'other-segment' });
    expect(kids.plan({ ...fan, segments: ['kids'] }).kind).toBe('newsletter');
  });

  it('plans the very same newsletter twice (a rerun rewrites the same bytes)', () => {
    expect(plannerFor(catalogue, {}, now).plan(fan)).toEqual(planner.plan(fan));
  });

  it('plans a batch the same when its liked films were looked up ahead, audience by audience', () => {
    const fixture = editionFixtureCatalogue(300);
    const cities = ['Gent', 'Antwerpen', 'Amsterdam'];
    const batch = Array.from({ length: 24 }, (_, i) =>
      subscriber(`reader-${i}`, {
        liked: [`film-${i}`, `film-${(i * 7) % 300}`, `film-${(i * 13 + 5) % 300}`],
        booked: [`film-${i + 40}`],
        preferences: { newsletter: i % 11 !== 3, city: cities[i % 3], languages: i % 2 ? ['en'] : ['nl', 'fr'] },
      }),
    );
    const ahead = plannerFor(fixture, {}, now);
    const tasks = batch.map((s) => ({ subscriber: s, seeds: ahead.seedsOf(s) }));
    ahead.prefetch(tasks);
    const planned = tasks.map(({ subscriber: s, seeds }) => ahead.plan(s, seeds));
    const alone = plannerFor(fixture, {}, now);
    expect(planned).toEqual(batch.map((s) => alone.plan(s)));
    const personal = planned.flatMap((p) => (p.kind === 'newsletter' ? p.newsletter.picks : [])).filter((p) => p.section === 'personal');
    expect(personal.length).toBeGreaterThan(20);
    expect(planned.filter((p) => p.kind === 'skipped')).toHaveLength(2);
  });
});
