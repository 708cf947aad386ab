import type { ThemeModel } from '@marquee/domain';
import { StaleUpdateError, type AudienceStore, type WeekUpdate } from '@marquee/audience';

/** Builds an empty store whose keys live under `namespace`. */
export type AudienceStoreFactory = (namespace: string) => AudienceStore | Promise<AudienceStore>;

const WEEK_START = Date.UTC(2026, 10, 30); // Monday of 2026-W49

/** The update of interactions `ids`, at offsets `first`… of partition 0 (each test's updates follow one another). */
const update = (
  week: string,
  ids: string[],
  cells: Record<string, { counts: Record<string, number>; members?: string[] }>,
  first = 0,
): WeekUpdate => ({
  week,
  weekStartMs: WEEK_START,
  offsets: new Map([[0, { first, last: first + Math.max(ids.length, 1) - 1 }]]),
  interactionIds: ids,
  counts: new Map(Object.entries(cells).map(([cell, c]) => [cell, new Map(Object.entries(c.counts))])),
  members: new Map(Object.entries(cells).flatMap(([cell, c]) => (c.members ? [[cell, new Set(c.members)]] : []))),
  searches: new Map(),
});

const model: ThemeModel = {
  version: 3,
  computedAt: '2026-12-01T00:00:00.000Z',
  kChoice: 'silhouette',
  silhouette: 0.4,
  nextThemeNumber: 2,
  themes: [{ id: 'theme-1', centroid: [1, 0], size: 1, words: { en: ['glacier'] }, genres: ['adventure'], topFilmIds: ['f1'] }],
  shares: { f1: [{ themeId: 'theme-1', share: 1 }] },
};

/** Behaviour every AudienceStore adapter shares; run it from each adapter's spec. */
export function describeAudienceStoreContract(name: string, createStore: AudienceStoreFactory): void {
  describe(`${name} honours the AudienceStore contract`, () => {
    let store: AudienceStore;
    let testNumber = 0;

    beforeEach(async () => {
      testNumber += 1;
      store = await createStore(`audience-contract-${process.pid}-${Date.now()}-${testNumber}:`);
    });

    afterEach(async () => {
      await store.clearAggregates();
      await store.close();
    });

    it('adds counts per cell and type across updates, and lists weeks and cells', async () => {
      await store.apply([update('2026-W49', ['a'], { 't:theme-1|*': { counts: { view: 2, click: 1 } } })]);
      await store.apply([update('2026-W49', ['b'], { 't:theme-1|*': { counts: { view: 3 } }, '*|c:gent': { counts: { search: 1 } } }, 1)]);
      await expect(store.weeks()).resolves.toEqual(['2026-W49']);
      await expect(store.cells('2026-W49').then((c) => c.sort())).resolves.toEqual(['*|c:gent', 't:theme-1|*']);
      await expect(store.counts('2026-W49', ['t:theme-1|*', 'missing|*'])).resolves.toEqual([{ view: 5, click: 1 }, {}]);
      await expect(store.weekCounts('2026-W49')).resolves.toEqual(
        new Map([
          ['t:theme-1|*', { view: 5, click: 1 }],
          ['*|c:gent', { search: 1 }],
        ]),
      );
    });

    it('tells applied interaction ids from new ones', async () => {
      await store.apply([update('2026-W49', ['a', 'b'], {})]);
      await expect(store.unseen('2026-W49', ['a', 'c', 'b'])).resolves.toEqual([false, true, false]);
      await expect(store.unseen('2026-W50', ['a'])).resolves.toEqual([true]);
    });

    it("moves each week's fence per partition to the last offset applied", async () => {
      const first = update('2026-W49', ['a'], { 'x|*': { counts: { view: 1 } } });
      first.offsets = new Map([
        [0, { first: 0, last: 9 }],
        [5, { first: 40, last: 41 }],
      ]);
      await store.apply([first]);
      await store.apply([update('2026-W49', ['b'], { 'x|*': { counts: { view: 1 } } }, 10)]);
      await expect(store.fences(['2026-W49', '2026-W50'])).resolves.toEqual([
        new Map([
          [0, 10],
          [5, 41],
        ]),
        new Map(),
      ]);
    });

    it('refuses a week whose fence is already at or past the first offset (another worker applied it), writing nothing of it', async () => {
      await store.apply([update('2026-W49', ['a', 'b', 'c'], { 'x|*': { counts: { view: 3 } } })]);
      const overlapping = update('2026-W49', ['d'], { 'x|*': { counts: { view: 5 }, members: ['m'] } }, 2);
      const otherWeek = update('2026-W50', ['e'], { 'x|*': { counts: { view: 1 } } });
      otherWeek.weekStartMs = WEEK_START + 7 * 86_400_000;
      await expect(store.apply([overlapping, otherWeek])).rejects.toBeInstanceOf(StaleUpdateError);
      await expect(store.counts('2026-W49', ['x|*'])).resolves.toEqual([{ view: 3 }]);
      await expect(store.unseen('2026-W49', ['d'])).resolves.toEqual([true]);
      await expect(store.fences(['2026-W49'])).resolves.toEqual([new Map([[0, 2]])]);
      // The other week of the flush is applied: each week is atomic on its own.
      await expect(store.counts('2026-W50', ['x|*'])).resolves.toEqual([{ view: 1 }]);
    });

    it('counts distinct members per cell and over unions of cells and weeks', async () => {
      const members = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
      await store.apply([
        update('2026-W49', ['a'], {
          'x|*': { counts: { view: 1 }, members: members('m', 30) },
          'y|*': { counts: { view: 1 }, members: [...members('m', 10), ...members('n', 5)] },
        }),
      ]);
      await store.apply([update('2026-W49', ['b'], { 'x|*': { counts: { view: 1 }, members: members('m', 30) } }, 1)]);
      const [x, y, union, none] = await store.uniques([
        [{ week: '2026-W49', cell: 'x|*' }],
        [{ week: '2026-W49', cell: 'y|*' }],
        [
          { week: '2026-W49', cell: 'x|*' },
          { week: '2026-W49', cell: 'y|*' },
        ],
        [],
      ]);
      expect([x, y, union, none]).toEqual([30, 15, 35, 0]);
    });

    it('applies a flush of several weeks with thousands of ids, cells and members at once', async () => {
      // Past the chunks a store may split its commands into (Redis: 4,000 arguments per call in its
      // script), and past what a function call can take as spread arguments (~120,000).
      const ids = Array.from({ length: 150_001 }, (_, i) => `id-${i}`);
      const cells: Record<string, { counts: Record<string, number>; members?: string[] }> = {};
      for (let c = 0; c < 5_000; c++) cells[`f:film-${c}|*`] = { counts: { view: c + 1, click: 1 } };
      cells['*|*'] = { counts: { view: 150_001 }, members: Array.from({ length: 9_000 }, (_, i) => `m${i}`) };
      const other = update('2026-W50', ['w50'], { '*|*': { counts: { booking: 2 }, members: ['m1', 'm2'] } });
      other.weekStartMs = WEEK_START + 7 * 86_400_000;
      await store.apply([update('2026-W49', ids, cells), other]);
      await expect(store.weeks()).resolves.toEqual(['2026-W49', '2026-W50']);
      const counts = await store.weekCounts('2026-W49');
      expect(counts.size).toBe(5_001);
      expect(counts.get('f:film-4999|*')).toEqual({ view: 5_000, click: 1 });
      expect(counts.get('*|*')).toEqual({ view: 150_001 });
      await expect(store.counts('2026-W50', ['*|*'])).resolves.toEqual([{ booking: 2 }]);
      const flags = await store.unseen('2026-W49', [...ids, 'id-new']);
      expect(flags.filter((fresh) => fresh)).toHaveLength(1);
      expect(flags[flags.length - 1]).toBe(true);
      const [many, two] = await store.uniques([[{ week: '2026-W49', cell: '*|*' }], [{ week: '2026-W50', cell: '*|*' }]]);
      // A HyperLogLog estimates (0.81% standard error); the memory store counts exactly.
      expect(Math.abs(many - 9_000)).toBeLessThan(9_000 * 0.03);
      expect(two).toBe(2);
    });

    it('keeps search texts in aggregate with their distinct searchers', async () => {
      const searching = update('2026-W49', ['s'], {});
      searching.searches.set('documentaries gent', { count: 4, members: new Set(['m1', 'm2']) });
      await store.apply([searching]);
      await expect(store.searches('2026-W49')).resolves.toEqual(new Map([['documentaries gent', 4]]));
      await expect(store.searchUniques(['2026-W49', '2026-W48'], 'documentaries gent')).resolves.toBe(2);
    });

    it('moves the epoch with every update and every theme model, and keeps the themes', async () => {
      const first = await store.epoch();
      await store.apply([update('2026-W49', ['a'], { 'x|*': { counts: { view: 1 } } })]);
      const second = await store.epoch();
      expect(second).not.toBe(first);
      await expect(store.loadThemes()).resolves.toBeUndefined();
      await store.saveThemes(model);
      await expect(store.loadThemes()).resolves.toEqual(model);
      expect(await store.epoch()).not.toBe(second);
    });

    it('remembers erasures, the latest time of each', async () => {
      await store.recordErasure('m1', 1_000);
      await store.recordErasure('m1', 500);
      await expect(store.erasedAt(['m1', 'm2'])).resolves.toEqual([1_000, undefined]);
    });

    it('clears every aggregate but keeps the themes', async () => {
      await store.saveThemes(model);
      await store.apply([update('2026-W49', ['a'], { 'x|*': { counts: { view: 1 }, members: ['m'] } })]);
      await store.clearAggregates();
      await expect(store.weeks()).resolves.toEqual([]);
      await expect(store.cells('2026-W49')).resolves.toEqual([]);
      await expect(store.unseen('2026-W49', ['a'])).resolves.toEqual([true]);
      await expect(store.fences(['2026-W49'])).resolves.toEqual([new Map()]);
      await expect(store.loadThemes()).resolves.toEqual(model);
    });
  });
}
