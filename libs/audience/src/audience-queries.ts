import type { Theme, ThemeModel } from '@marquee/domain';
import type { AudienceStore, Counts } from './audience-store.port';
import { type AudienceQuery, type Breakdown, queryRange } from './audience-query';
import { ALL, cellKey, cityPlace, filmSubject, parseCell, placeName, placeOf, themeSubject, venuePlace } from './cells';
import { isoWeek, WEEK_MS, weeksBetween, weekStartMs } from './iso-week';
import type { Programme } from './programme.port';
import { type Suppression, type PublishedRow, type PublishedTable } from './suppression';

/** What counts as interest: looking, clicking, liking, booking, rating, searching (not being shown something, not dismissing). */
export const INTEREST_TYPES = ['view', 'click', 'like', 'booking', 'rating', 'search'] as const;
/** Interest as unmet demand weighs it: what people look at and look for. */
const DEMAND_TYPES = ['view', 'click', 'search'] as const;
const MEASURES = ['interest', 'view', 'click', 'booking', 'like', 'search'] as const;
type Measures = Record<(typeof MEASURES)[number], number>;

export interface AudienceQuerySettings {
  trendingMinVolume: number;
  trendingMinZ: number;
  trendingHistoryWeeks: number;
  unmetDemandWeeksAhead: number;
}

const sum = (counts: Counts, types: readonly string[]): number => types.reduce((total, type) => total + (counts[type] ?? 0), 0);
const measures = (counts: Counts): Measures => ({
  interest: sum(counts, INTEREST_TYPES),
  view: counts.view ?? 0,
  click: counts.click ?? 0,
  booking: counts.booking ?? 0,
  like: counts.like ?? 0,
  search: counts.search ?? 0,
});
const add = (into: Counts, counts: Counts): Counts => {
  for (const [type, n] of Object.entries(counts)) into[type] = (into[type] ?? 0) + n;
  return into;
};
const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;

interface ThemeInfo {
  themeId: string;
  label: string;
}

/** A breakdown row is a theme in a week, a city or a venue. */
interface BreakdownDimensions extends ThemeInfo {
  week?: string;
  city?: string;
  venue?: string;
}

/** Theme labels in a language, as `themeLabel` of libs/themes writes them (kept here so audience does not depend on clustering). */
const labelOf = (theme: Theme, language: string): string => {
  const words = theme.words[language]?.length ? theme.words[language] : (Object.values(theme.words).find((w) => w.length > 0) ?? []);
  return words.slice(0, 3).join(' · ') || theme.genres.join(' · ') || theme.id;
};

/**
 * The analytics answers: themes, breakdowns, share over time, trending, co-interest, unmet
 * demand, searches. Every answer goes through the one `Suppression` step; answers are cached
 * under the store's epoch, so they are recomputed as soon as an aggregate changes.
 */
export class AudienceQueries {
  private readonly cache = new Map<string, unknown>();
  private static readonly CACHED_ANSWERS = 500;

  constructor(
    private readonly store: AudienceStore,
    private readonly suppression: Suppression,
    private readonly settings: AudienceQuerySettings,
    private readonly programme: Programme,
    private readonly themes: () => ThemeModel | undefined,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  get minUsers(): number {
    return this.suppression.minUsers;
  }

  private async cached<T>(name: string, query: object, compute: () => Promise<T>): Promise<T> {
    const key = `${await this.store.epoch()}|${this.themes()?.version ?? 0}|${name}|${JSON.stringify(query)}`;
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const answer = await compute();
    if (this.cache.size >= AudienceQueries.CACHED_ANSWERS) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, answer);
    return answer;
  }

  private placeOfQuery(query: AudienceQuery): string {
    return query.venue ? venuePlace(query.venue) : query.city ? cityPlace(query.city) : ALL;
  }

  private themeInfo(language: string): Map<string, ThemeInfo> {
    return new Map((this.themes()?.themes ?? []).map((t) => [t.id, { themeId: t.id, label: labelOf(t, language) }]));
  }

  /** Counts of the cells `accept` takes, per week. */
  private async read(weeks: readonly string[], accept: (cell: string) => boolean): Promise<Map<string, Map<string, Counts>>> {
    const out = new Map<string, Map<string, Counts>>();
    const all = await Promise.all(weeks.map((week) => this.store.weekCounts(week)));
    weeks.forEach((week, i) => out.set(week, new Map([...all[i]].filter(([cell]) => accept(cell)))));
    return out;
  }

  /** Cells summed over weeks, with their distinct users over the same weeks. */
  private async summed(byWeek: Map<string, Map<string, Counts>>): Promise<{ cell: string; counts: Counts; users: number }[]> {
    const totals = new Map<string, { counts: Counts; weeks: string[] }>();
    for (const [week, cells] of byWeek) {
      for (const [cell, counts] of cells) {
        const entry = totals.get(cell) ?? { counts: {}, weeks: [] };
        add(entry.counts, counts);
        entry.weeks.push(week);
        totals.set(cell, entry);
      }
    }
    const cells = [...totals.keys()];
    const users = await this.store.uniques(
      cells.map((cell) => (totals.get(cell) as { weeks: string[] }).weeks.map((week) => ({ week, cell }))),
    );
    return cells.map((cell, i) => ({ cell, counts: (totals.get(cell) as { counts: Counts }).counts, users: users[i] }));
  }

  private weeksOf(query: AudienceQuery): string[] {
    const { fromMs, toMs } = queryRange(query, this.clock());
    return weeksBetween(fromMs, toMs);
  }

  /** Every theme with its label, genres, interest in the range and its top films' figures. */
  themesOverview(query: AudienceQuery) {
    return this.cached('themes', query, async () => {
      const model = this.themes();
      const place = this.placeOfQuery(query);
      const weeks = this.weeksOf(query);
      const themeCells = await this.summed(await this.read(weeks, (cell) => cell.startsWith('t:') && parseCell(cell).place === place));
      const byTheme = new Map(themeCells.map((c) => [parseCell(c.cell).subject.slice(2), c]));
      const table = this.suppression.table(
        (model?.themes ?? []).map((theme) => {
          const cell = byTheme.get(theme.id);
          return {
            dimensions: {
              themeId: theme.id,
              label: labelOf(theme, query.lang),
              words: theme.words[query.lang] ?? [],
              genres: theme.genres,
              films: theme.size,
            },
            users: cell?.users ?? 0,
            measures: measures(cell?.counts ?? {}),
          };
        }),
        MEASURES,
      );
      return { ...this.meta(query, weeks), themes: table.rows, total: table.total, hiddenRows: table.hiddenRows };
    });
  }

  /** One theme: its words in every language, genres, figures per week and its top films' figures. */
  themeDetail(themeId: string, query: AudienceQuery) {
    return this.cached(`theme:${themeId}`, query, async () => {
      const theme = this.themes()?.themes.find((t) => t.id === themeId);
      if (!theme) return undefined;
      const weeks = this.weeksOf(query);
      const filmCells = new Set(theme.topFilmIds.map((id) => cellKey(filmSubject(id), ALL)));
      const films = await this.summed(await this.read(weeks, (cell) => filmCells.has(cell)));
      const byFilm = new Map(films.map((f) => [parseCell(f.cell).subject.slice(2), f]));
      const topFilms = this.suppression.table(
        theme.topFilmIds.map((filmId) => ({
          dimensions: { filmId, title: this.programme.filmTitle(filmId, query.lang) ?? filmId },
          users: byFilm.get(filmId)?.users ?? 0,
          measures: measures(byFilm.get(filmId)?.counts ?? {}),
        })),
        MEASURES,
      );
      const perWeek = await this.weekly(query, weeks, new Set([themeId]));
      return {
        ...this.meta(query, weeks),
        theme: { themeId, label: labelOf(theme, query.lang), words: theme.words, genres: theme.genres, films: theme.size },
        weeks: perWeek.rows,
        topFilms: topFilms.rows,
        total: perWeek.total,
      };
    });
  }

  private async weekly(query: AudienceQuery, weeks: readonly string[], only?: ReadonlySet<string>) {
    const place = this.placeOfQuery(query);
    const info = this.themeInfo(query.lang);
    const byWeek = await this.read(weeks, (cell) => {
      const { subject, place: p } = parseCell(cell);
      return subject.startsWith('t:') && p === place && info.has(subject.slice(2)) && (!only || only.has(subject.slice(2)));
    });
    const rows: { week: string; cell: string; counts: Counts }[] = [];
    for (const [week, cells] of byWeek) for (const [cell, counts] of cells) rows.push({ week, cell, counts });
    const users = await this.store.uniques(rows.map((r) => [{ week: r.week, cell: r.cell }]));
    return this.suppression.table(
      rows.map((r, i) => {
        const themeId = parseCell(r.cell).subject.slice(2);
        return { dimensions: { week: r.week, ...(info.get(themeId) as ThemeInfo) }, users: users[i], measures: measures(r.counts) };
      }),
      MEASURES,
    );
  }

  /** Figures per theme and city, venue or week. */
  breakdown(by: Breakdown, query: AudienceQuery) {
    return this.cached(`breakdown:${by}`, query, async () => {
      const weeks = this.weeksOf(query);
      if (by === 'week') {
        const table = await this.weekly(query, weeks);
        const rows: PublishedRow<BreakdownDimensions, Measures>[] = table.rows;
        return { ...this.meta(query, weeks), by, rows, total: table.total, hiddenRows: table.hiddenRows };
      }
      const info = this.themeInfo(query.lang);
      const prefix = by === 'city' ? 'c:' : 'v:';
      const cells = await this.summed(
        await this.read(weeks, (cell) => {
          const { subject, place } = parseCell(cell);
          return subject.startsWith('t:') && info.has(subject.slice(2)) && place.startsWith(prefix);
        }),
      );
      const table = this.suppression.table(
        cells.map((c) => {
          const { subject, place } = parseCell(c.cell);
          const dimensions: BreakdownDimensions = { ...(info.get(subject.slice(2)) as ThemeInfo), [by]: placeOf(place).name };
          return {
            dimensions,
            users: c.users,
            measures: measures(c.counts),
          };
        }),
        MEASURES,
      );
      return { ...this.meta(query, weeks), by, rows: table.rows, total: table.total, hiddenRows: table.hiddenRows };
    });
  }

  /** Each theme's share of the interest shown, per week (shares of the rows shown, hidden rows left out). */
  shareOverTime(query: AudienceQuery) {
    return this.cached('share', query, async () => {
      const weeks = this.weeksOf(query);
      const table = await this.weekly(query, weeks);
      const weekTotals = new Map<string, number>();
      for (const row of table.rows) if (!row.hidden) weekTotals.set(row.week, (weekTotals.get(row.week) ?? 0) + (row.interest ?? 0));
      const rows = table.rows.map((row) => ({
        week: row.week,
        themeId: row.themeId,
        label: row.label,
        hidden: row.hidden,
        users: row.users,
        interest: row.interest,
        share: row.hidden ? null : round((row.interest ?? 0) / Math.max(1, weekTotals.get(row.week) ?? 0)),
      }));
      return { ...this.meta(query, weeks), rows, hiddenRows: table.hiddenRows };
    });
  }

  /**
   * Themes growing in the last complete week up to `to` against the week before, per city and overall: only cells
   * with at least the minimum volume in both weeks, and only growth this many standard deviations
   * above the cell's own weekly changes over its history, so that noise does not trend.
   */
  trending(query: AudienceQuery) {
    return this.cached('trending', query, async () => {
      const { toMs } = queryRange(query, this.clock());
      // The last complete week up to `to`: a week under way always looks smaller than the one before.
      const current = toMs >= weekStartMs(toMs) + WEEK_MS - 1 ? weekStartMs(toMs) : weekStartMs(toMs) - WEEK_MS;
      const weeks = Array.from({ length: this.settings.trendingHistoryWeeks + 2 }, (_, i) =>
        isoWeek(current - (this.settings.trendingHistoryWeeks + 1 - i) * WEEK_MS),
      );
      const info = this.themeInfo(query.lang);
      const place = this.placeOfQuery(query);
      const byWeek = await this.read(weeks, (cell) => {
        const { subject, place: p } = parseCell(cell);
        return subject.startsWith('t:') && info.has(subject.slice(2)) && (place === ALL ? p === ALL || p.startsWith('c:') : p === place);
      });
      const cells = new Set([...byWeek.values()].flatMap((m) => [...m.keys()]));
      const interestOf = (week: string, cell: string) => sum(byWeek.get(week)?.get(cell) ?? {}, INTEREST_TYPES);
      const [thisWeek, lastWeek] = [weeks[weeks.length - 1], weeks[weeks.length - 2]];
      const candidates = [...cells].flatMap((cell) => {
        const now = interestOf(thisWeek, cell);
        const before = interestOf(lastWeek, cell);
        if (now < this.settings.trendingMinVolume || before < this.settings.trendingMinVolume || now <= before) return [];
        const growth = (now - before) / before;
        // The cell's own history of week-on-week changes, among weeks with the minimum volume.
        const history: number[] = [];
        for (let i = 1; i < weeks.length - 1; i++) {
          const [a, b] = [interestOf(weeks[i - 1], cell), interestOf(weeks[i], cell)];
          if (a >= this.settings.trendingMinVolume && b >= this.settings.trendingMinVolume) history.push((b - a) / a);
        }
        const mean = history.length ? history.reduce((x, y) => x + y, 0) / history.length : 0;
        const sd = history.length >= 2 ? Math.sqrt(history.reduce((x, y) => x + (y - mean) ** 2, 0) / (history.length - 1)) : 0;
        // Too little history to judge noise: growth must beat the minimum z against a spread of 25%.
        const z = (growth - mean) / Math.max(sd, history.length >= 2 ? 0.05 : 0.25);
        if (z < this.settings.trendingMinZ) return [];
        return [{ cell, now, before, growth, z, historyWeeks: history.length }];
      });
      const users = await this.store.uniques(
        candidates.map((c) => [
          { week: thisWeek, cell: c.cell },
          { week: lastWeek, cell: c.cell },
        ]),
      );
      const table = this.suppression.table(
        candidates
          .sort((a, b) => b.z - a.z)
          .map((c, i) => {
            const { subject, place: p } = parseCell(c.cell);
            return {
              dimensions: {
                ...(info.get(subject.slice(2)) as ThemeInfo),
                city: placeOf(p).kind === 'all' ? null : placeOf(p).name,
                week: thisWeek,
                previousWeek: lastWeek,
                historyWeeks: c.historyWeeks,
              },
              users: users[i],
              measures: { interest: c.now, previousInterest: c.before, growth: round(c.growth), z: round(c.z, 2) },
            };
          }),
        ['interest', 'previousInterest', 'growth', 'z'],
      );
      return {
        ...this.meta(query, weeks),
        rows: table.rows.filter((r) => !r.hidden),
        hiddenRows: table.hiddenRows,
        minVolume: this.settings.trendingMinVolume,
        minZ: this.settings.trendingMinZ,
      };
    });
  }

  /** Which themes, and which venues, share audiences: shared users estimated as |A| + |B| − |A ∪ B|. */
  coInterest(query: AudienceQuery) {
    return this.cached('co-interest', query, async () => {
      const weeks = this.weeksOf(query);
      const info = this.themeInfo(query.lang);
      const place = this.placeOfQuery(query);
      const weeksWith = (cell: string) => weeks.map((week) => ({ week, cell }));
      const pairsOf = async (cells: string[]) => {
        const single = await this.store.uniques(cells.map(weeksWith));
        const pairs: [number, number][] = [];
        for (let a = 0; a < cells.length; a++)
          for (let b = a + 1; b < cells.length; b++)
            if (this.suppression.visible(single[a]) && this.suppression.visible(single[b])) pairs.push([a, b]);
        const unions = await this.store.uniques(pairs.map(([a, b]) => [...weeksWith(cells[a]), ...weeksWith(cells[b])]));
        return pairs.map(([a, b], i) => {
          const shared = Math.max(0, single[a] + single[b] - unions[i]);
          return { a: cells[a], b: cells[b], shared, jaccard: unions[i] === 0 ? 0 : shared / unions[i] };
        });
      };
      const present = new Set<string>();
      for (const week of weeks) for (const cell of await this.store.cells(week)) present.add(cell);
      const themeCells = [...present].filter(
        (cell) => cell.startsWith('t:') && parseCell(cell).place === place && info.has(parseCell(cell).subject.slice(2)),
      );
      const venueCells = [...present].filter((cell) => cell.startsWith(`${ALL}|v:`));
      const table = (pairs: Awaited<ReturnType<typeof pairsOf>>, name: (cell: string) => Record<string, string>) =>
        this.suppression.table(
          pairs
            .sort((x, y) => y.jaccard - x.jaccard)
            .slice(0, 30)
            .map((p) => ({
              dimensions: { ...prefixed('a', name(p.a)), ...prefixed('b', name(p.b)) },
              users: p.shared,
              measures: { sharedUsers: p.shared, jaccard: round(p.jaccard) },
            })),
          ['sharedUsers', 'jaccard'],
        );
      const themes = table(await pairsOf(themeCells), (cell) => {
        const theme = info.get(parseCell(cell).subject.slice(2)) as ThemeInfo;
        return { ThemeId: theme.themeId, Label: theme.label };
      });
      const venues = table(await pairsOf(venueCells), (cell) => ({ Venue: placeOf(parseCell(cell).place).name }));
      return { ...this.meta(query, weeks), themes: themes.rows.filter((r) => !r.hidden), venues: venues.rows.filter((r) => !r.hidden) };
    });
  }

  /**
   * Interest (views, clicks, searches) per theme and city in the range, its growth against the
   * range before, beside the theme's screenings programmed in that city in the weeks ahead: where
   * interest outruns the programme, the most interest per screening first.
   */
  unmetDemand(query: AudienceQuery) {
    return this.cached('unmet-demand', query, async () => {
      const { fromMs, toMs } = queryRange(query, this.clock());
      const weeks = weeksBetween(fromMs, toMs);
      const previousWeeks = weeksBetween(fromMs - weeks.length * WEEK_MS, fromMs - WEEK_MS);
      const info = this.themeInfo(query.lang);
      const model = this.themes();
      const accept = (cell: string) => {
        const { subject, place } = parseCell(cell);
        return (
          subject.startsWith('t:') &&
          info.has(subject.slice(2)) &&
          place.startsWith('c:') &&
          (!query.city || place === cityPlace(query.city))
        );
      };
      const cells = await this.summed(await this.read(weeks, accept));
      const before = new Map((await this.summed(await this.read(previousWeeks, accept))).map((c) => [c.cell, sum(c.counts, DEMAND_TYPES)]));
      const nowMs = this.clock().getTime();
      const aheadMs = nowMs + this.settings.unmetDemandWeeksAhead * WEEK_MS;
      const programmed = new Map<string, number>();
      for (const screening of this.programme.screeningsBetween(nowMs, aheadMs)) {
        const themeId = model?.shares[screening.filmId]?.[0]?.themeId;
        if (themeId === undefined) continue;
        const cell = cellKey(themeSubject(themeId), cityPlace(screening.city));
        programmed.set(cell, (programmed.get(cell) ?? 0) + 1);
      }
      const table = this.suppression.table(
        cells
          .map((c) => {
            const demand = sum(c.counts, DEMAND_TYPES);
            const previous = before.get(c.cell) ?? 0;
            const screenings = programmed.get(c.cell) ?? 0;
            return { c, demand, previous, screenings, perScreening: demand / (1 + screenings) };
          })
          .filter((r) => r.demand > 0)
          .sort((a, b) => b.perScreening - a.perScreening)
          .map(({ c, demand, previous, screenings, perScreening }) => {
            const { subject, place } = parseCell(c.cell);
            return {
              dimensions: {
                ...(info.get(subject.slice(2)) as ThemeInfo),
                city: placeOf(place).name,
                weeksAhead: this.settings.unmetDemandWeeksAhead,
              },
              users: c.users,
              measures: {
                demand,
                view: c.counts.view ?? 0,
                click: c.counts.click ?? 0,
                search: c.counts.search ?? 0,
                previousDemand: previous,
                growth: previous === 0 ? 0 : round((demand - previous) / previous),
                upcomingScreenings: screenings,
                demandPerScreening: round(perScreening, 1),
              },
            };
          }),
        ['demand', 'view', 'click', 'search', 'previousDemand', 'growth', 'upcomingScreenings', 'demandPerScreening'],
      );
      return { ...this.meta(query, weeks), rows: table.rows.filter((r) => !r.hidden), hiddenRows: table.hiddenRows };
    });
  }

  /** What people search for, in aggregate: texts searched by at least the minimum of distinct users. */
  searches(query: AudienceQuery) {
    return this.cached('searches', query, async () => {
      const weeks = this.weeksOf(query);
      const counts = new Map<string, number>();
      for (const week of weeks) for (const [text, n] of await this.store.searches(week)) counts.set(text, (counts.get(text) ?? 0) + n);
      const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 200);
      const users = await Promise.all(top.map(([text]) => this.store.searchUniques(weeks, text)));
      const table = this.suppression.table(
        top.map(([text, n], i) => ({ dimensions: { text }, users: users[i], measures: { searches: n } })),
        ['searches'],
      );
      return { ...this.meta(query, weeks), rows: table.rows.filter((r) => !r.hidden).slice(0, 50), hiddenRows: table.hiddenRows };
    });
  }

  private meta(query: AudienceQuery, weeks: readonly string[]) {
    const model = this.themes();
    return {
      query: {
        ...query,
        city: query.city === undefined ? undefined : placeName(query.city),
        venue: query.venue === undefined ? undefined : placeName(query.venue),
      },
      weeks: [...weeks],
      minUsers: this.suppression.minUsers,
      themesVersion: model?.version ?? 0,
      themesComputedAt: model?.computedAt,
    };
  }
}

const prefixed = (prefix: string, values: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(values).map(([key, value]) => [`${prefix}${key}`, value]));

export type { PublishedTable };
