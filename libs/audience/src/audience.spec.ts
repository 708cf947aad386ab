import { randomUUID } from 'node:crypto';
import type { ThemeModel, UserInteractionEvent } from '@marquee/domain';
import { AudienceAggregator } from './audience-aggregator';
import { AudienceQueries, type AudienceQuerySettings } from './audience-queries';
import { AudienceQuerySchema } from './audience-query';
import { toCsv } from './csv';
import { MemoryAudienceStore } from './memory-audience-store';
import type { Programme, ProgrammedScreening } from './programme.port';
import { Suppression } from './suppression';
import { topicOf } from '../../../test/support/topic-interactions';

const NOW = new Date('2026-12-03T12:00:00Z'); // Thursday of 2026-W49
const DAY = 86_400_000;

const theme = (id: string, films: string[], word: string) => ({
  id,
  centroid: [1, 0],
  size: films.length,
  words: { en: [word], nl: [`${word}-nl`], fr: [`${word}-fr`] },
  genres: [],
  topFilmIds: films,
});
const model: ThemeModel = {
  version: 1,
  computedAt: NOW.toISOString(),
  kChoice: 'configured',
  silhouette: 0.3,
  nextThemeNumber: 4,
  themes: [theme('theme-1', ['f1', 'f2'], 'mountains'), theme('theme-2', ['f3'], 'documentary'), theme('theme-3', ['f4'], 'crime')],
  shares: {
    f1: [{ themeId: 'theme-1', share: 1 }],
    f2: [
      { themeId: 'theme-1', share: 0.7 },
      { themeId: 'theme-2', share: 0.3 },
    ],
    f3: [{ themeId: 'theme-2', share: 1 }],
    f4: [{ themeId: 'theme-3', share: 1 }],
  },
};

const settings: AudienceQuerySettings = { trendingMinVolume: 20, trendingMinZ: 1.5, trendingHistoryWeeks: 6, unmetDemandWeeksAhead: 3 };

interface Seen {
  type?: 'view' | 'click' | 'booking' | 'impression';
  filmId: string;
  user: string;
  city?: string;
  venue?: string;
  daysAgo?: number;
}

const interaction = ({ type = 'view', filmId, user, city, venue, daysAgo = 0 }: Seen): UserInteractionEvent => ({
  type,
  filmId,
  userId: user,
  interactionId: randomUUID(),
  occurredAt: new Date(NOW.getTime() - daysAgo * DAY).toISOString(),
  receivedAt: NOW.toISOString(),
  ...(city || venue ? { context: { city, venue } } : {}),
});

const users = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

const setup = (screenings: ProgrammedScreening[] = []) => {
  const store = new MemoryAudienceStore({ retentionWeeks: 52, clock: () => NOW.getTime() });
  const aggregator = new AudienceAggregator(store, () => model);
  // As consumed from a topic: the same interaction again is at the same offset.
  const topic = topicOf();
  const add = (events: readonly UserInteractionEvent[]) => aggregator.add(topic(events));
  const programme: Programme = {
    screeningsBetween: (from, to) => screenings.filter((s) => s.startMs >= from && s.startMs < to),
    filmTitle: (filmId) => `Title of ${filmId}`,
  };
  const queries = new AudienceQueries(
    store,
    new Suppression(10),
    settings,
    programme,
    () => model,
    () => NOW,
  );
  return { store, aggregator, add, queries };
};

const query = (q: Record<string, string> = {}) => AudienceQuerySchema.parse({ from: '2026-11-01', to: '2026-12-03', ...q });

describe('audience aggregates', () => {
  it('counts per theme, city, venue and ISO week and per film, by type, with distinct users per cell', async () => {
    const { add, queries } = setup();
    const events = [
      ...users('a', 12).flatMap((user) => [
        interaction({ filmId: 'f1', user, city: 'Gent', venue: 'Sphinx' }),
        interaction({ filmId: 'f1', user, city: 'Gent', venue: 'Sphinx', type: 'click' }),
        interaction({ filmId: 'f2', user, city: 'Gent', daysAgo: 7 }),
      ]),
    ];
    await expect(add(events)).resolves.toBe(36);
    const byWeek = await queries.breakdown('week', query({ city: 'gent' }));
    const w49 = byWeek.rows.find((r) => r.week === '2026-W49' && r.themeId === 'theme-1');
    const w48 = byWeek.rows.find((r) => r.week === '2026-W48' && r.themeId === 'theme-1');
    expect(w49).toMatchObject({ view: 12, click: 12, interest: 24, users: 12, hidden: false });
    expect(w48).toMatchObject({ view: 12, interest: 12, users: 12 });
    const byVenue = await queries.breakdown('venue', query());
    expect(byVenue.rows).toEqual([expect.objectContaining({ themeId: 'theme-1', venue: 'sphinx', view: 12, click: 12, users: 12 })]);
    const detail = await queries.themeDetail('theme-1', query());
    expect(detail?.topFilms).toEqual([
      expect.objectContaining({ filmId: 'f1', title: 'Title of f1', view: 12, click: 12, users: 12 }),
      expect.objectContaining({ filmId: 'f2', view: 12, users: 12 }),
    ]);
  });

  it('adds nothing twice: a redelivered or replayed interaction is dropped by its partition offset fence', async () => {
    const { add, queries } = setup();
    const events = users('a', 10).map((user) => interaction({ filmId: 'f3', user }));
    await add(events);
    await expect(add([...events, events[0]])).resolves.toBe(0);
    const overview = await queries.themesOverview(query());
    expect(overview.themes.find((t) => t.themeId === 'theme-2')).toMatchObject({ view: 10, users: 10 });
  });

  it('drops an interaction published again at another offset when its id is name-based (an import run twice)', async () => {
    const { store, aggregator, queries } = setup();
    // Version-5 ids, as the importer derives them from the row.
    const imported = users('i', 10).map((user, i) => ({
      ...interaction({ filmId: 'f3', user }),
      interactionId: `00000000-0000-5000-8000-${String(i).padStart(12, '0')}`,
    }));
    const at = (from: number) => imported.map((event, i) => ({ event, partition: 3, offset: from + i }));
    await expect(aggregator.add(at(0))).resolves.toBe(10);
    await expect(aggregator.add(at(100))).resolves.toBe(0);
    expect((await queries.themesOverview(query())).themes.find((t) => t.themeId === 'theme-2')).toMatchObject({ view: 10 });
    // Random (version-4) ids are not remembered: the fence alone drops their redeliveries.
    const live = users('l', 10).map((user) => interaction({ filmId: 'f3', user }));
    await aggregator.add(live.map((event, i) => ({ event, partition: 3, offset: 200 + i })));
    await expect(
      store.unseen(
        '2026-W49',
        [...imported, ...live].map((e) => e.interactionId),
      ),
    ).resolves.toEqual([...imported.map(() => false), ...live.map(() => true)]);
    await expect(store.fences(['2026-W49'])).resolves.toEqual([new Map([[3, 209]])]);
  });

  it('counts a search towards the themes of its first results and keeps its text only in aggregate', async () => {
    const { add, queries } = setup();
    const searches: UserInteractionEvent[] = users('s', 11).map((user) => ({
      type: 'search',
      query: '  Documentaries   GENT ',
      filmIds: ['f3', 'f1'],
      userId: user,
      interactionId: randomUUID(),
      occurredAt: NOW.toISOString(),
      receivedAt: NOW.toISOString(),
    }));
    await add(searches);
    const overview = await queries.themesOverview(query());
    expect(overview.themes.find((t) => t.themeId === 'theme-2')).toMatchObject({ search: 11, users: 11 });
    expect(overview.themes.find((t) => t.themeId === 'theme-1')).toMatchObject({ search: 11 });
    const texts = await queries.searches(query());
    expect(texts.rows).toEqual([expect.objectContaining({ text: 'documentaries gent', searches: 11, users: 11 })]);
    expect(JSON.stringify(texts)).not.toMatch(/s-\d/);
  });

  it("leaves an erased user's earlier interactions out, also when the topic is replayed", async () => {
    const { store, aggregator, add, queries } = setup();
    const before = users('e', 10).map((user) => interaction({ filmId: 'f4', user, daysAgo: 2 }));
    await add(before);
    await aggregator.erase('e-0', NOW.getTime() - DAY);
    const after = interaction({ filmId: 'f4', user: 'e-0' });
    await store.clearAggregates();
    await add([...before, after]);
    const overview = await queries.themesOverview(query());
    expect(overview.themes.find((t) => t.themeId === 'theme-3')).toMatchObject({ view: 10, users: 10 });
  });
});

describe('suppression', () => {
  it('hides cells with fewer than k distinct users, with totals over the cells shown so no hidden cell is recovered by subtraction', async () => {
    const { add, queries } = setup();
    await add([
      ...users('g', 12).map((user) => interaction({ filmId: 'f1', user, city: 'Gent' })),
      ...users('b', 3).flatMap((user) => [1, 2, 3].map(() => interaction({ filmId: 'f1', user, city: 'Brugge' }))),
      ...users('l', 15).map((user) => interaction({ filmId: 'f1', user, city: 'Leuven' })),
    ]);
    const answer = await queries.breakdown('city', query());
    const brugge = answer.rows.find((r) => r.city === 'brugge');
    expect(brugge).toMatchObject({ hidden: true, users: null, view: null, interest: null });
    expect(answer.hiddenRows).toBe(1);
    const shown = answer.rows.filter((r) => !r.hidden);
    expect(shown.map((r) => r.view).sort()).toEqual([12, 15]);
    // The total is over what is shown: total minus the cells shown leaves nothing of Brugge's 9 views.
    expect(answer.total.view - shown.reduce((s, r) => s + (r.view ?? 0), 0)).toBe(0);
    expect(answer.total.view).toBe(27);
    expect(JSON.stringify(answer)).not.toMatch(/"b-\d|"g-\d|"l-\d/);
    const csv = toCsv(answer.rows as unknown as Record<string, unknown>[]);
    expect(csv.split('\r\n').find((line) => line.includes('brugge'))).toMatch(/brugge,true,,/);
  });

  it('hides a theme with fewer than k users in every answer: overview, share over time, unmet demand, co-interest', async () => {
    const { add, queries } = setup();
    await add([
      ...users('g', 12).map((user) => interaction({ filmId: 'f1', user, city: 'Gent' })),
      ...users('b', 4).map((user) => interaction({ filmId: 'f4', user, city: 'Gent' })),
    ]);
    expect((await queries.themesOverview(query())).themes.find((t) => t.themeId === 'theme-3')).toMatchObject({ hidden: true, view: null });
    expect((await queries.shareOverTime(query())).rows.find((r) => r.themeId === 'theme-3')).toMatchObject({ hidden: true, share: null });
    expect((await queries.shareOverTime(query())).rows.find((r) => r.themeId === 'theme-1')).toMatchObject({ share: 1 });
    expect((await queries.unmetDemand(query())).rows.map((r) => r.themeId)).toEqual(['theme-1']);
    expect((await queries.coInterest(query())).themes).toEqual([]);
  });
});

describe('trending', () => {
  const weekly = (filmId: string, city: string, perWeek: number[], prefix: string) =>
    perWeek.flatMap((n, w) => {
      const daysAgo = (perWeek.length - 1 - w) * 7;
      return Array.from({ length: n }, (_, i) => interaction({ filmId, user: `${prefix}-${i % 40}`, city, daysAgo }));
    });

  it('reports growth only above the minimum volume and beyond the noise of the cell’s own history', async () => {
    const { add, queries } = setup();
    await add([
      // Steady, then doubling: trends.
      ...weekly('f1', 'Gent', [30, 31, 30, 32, 31, 30, 62], 'steady'),
      // Tripling but from 5 to 15: below the minimum volume.
      ...weekly('f3', 'Gent', [5, 5, 5, 5, 5, 5, 15], 'small'),
      // Up 50%, but it swings by half every week: noise.
      ...weekly('f4', 'Gent', [40, 20, 40, 20, 40, 24, 36], 'noisy'),
    ]);
    // to = Sunday: the week of NOW is complete.
    const answer = await queries.trending(query({ to: '2026-12-06' }));
    const gent = answer.rows.filter((r) => r.city === 'gent');
    expect(gent.map((r) => r.themeId)).toEqual(['theme-1']);
    expect(gent[0]).toMatchObject({ interest: 62, previousInterest: 30, growth: 1.067, week: '2026-W49' });
    expect(gent[0].z).toBeGreaterThan(1.5);
  });

  it('compares the last complete week: a week under way is not compared with a whole one', async () => {
    const { add, queries } = setup();
    await add(weekly('f1', 'Gent', [30, 31, 30, 32, 31, 62, 25], 'steady'));
    const answer = await queries.trending(query({ to: '2026-12-03' }));
    expect(answer.rows.filter((r) => r.city === 'gent')).toEqual([
      expect.objectContaining({ week: '2026-W48', interest: 62, previousInterest: 31 }),
    ]);
  });
});

describe('unmet demand', () => {
  it('ranks interest per theme and city against the screenings of that theme programmed there in the weeks ahead', async () => {
    const soon = NOW.getTime() + 5 * DAY;
    const { add, queries } = setup([
      { filmId: 'f1', city: 'Gent', venue: 'Sphinx', startMs: soon },
      { filmId: 'f2', city: 'Gent', venue: 'Sphinx', startMs: soon },
      { filmId: 'f3', city: 'Antwerpen', venue: 'Cartoons', startMs: soon },
      { filmId: 'f3', city: 'Gent', venue: 'Sphinx', startMs: NOW.getTime() + 40 * DAY },
    ]);
    await add([
      ...users('m', 20).map((user) => interaction({ filmId: 'f1', user, city: 'Gent' })),
      ...users('d', 15).flatMap((user) => [
        interaction({ filmId: 'f3', user, city: 'Gent' }),
        interaction({ filmId: 'f3', user, city: 'Gent', type: 'click' }),
      ]),
      ...users('p', 10).map((user) => interaction({ filmId: 'f3', user, city: 'Gent', daysAgo: 40 })),
    ]);
    const answer = await queries.unmetDemand(query({ from: '2026-11-05' }));
    expect(answer.rows.map((r) => [r.themeId, r.city, r.demand, r.upcomingScreenings])).toEqual([
      ['theme-2', 'gent', 30, 0],
      ['theme-1', 'gent', 20, 2],
    ]);
    expect(answer.rows[0]).toMatchObject({ previousDemand: 10, growth: 2 });
  });
});

describe('toCsv', () => {
  it('quotes separators and quotes, leaves hidden figures empty and defuses formulas', () => {
    const csv = toCsv([
      { label: 'war, "peace"', view: 3, hidden: false },
      { label: '=HYPERLINK("x")', view: null, hidden: true },
    ]);
    expect(csv).toBe('label,view,hidden\r\n"war, ""peace""",3,false\r\n"\'=HYPERLINK(""x"")",,true\r\n');
  });
});
