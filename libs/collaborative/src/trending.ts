import type { WeightedFilm } from '@marquee/domain';

const DAY_MS = 86_400_000;
/** Times a recent answer is kept for: a process asks "as of now", and now stays in one day bucket for a day. */
const MEMO_SIZE = 4;

export interface TrendingOptions {
  /** Half-life of an engagement's share of a film's popularity, before the time asked about (0: every engagement counts 1). */
  halfLifeMs: number;
  /** Films whose engagement counts are kept by time: the most engaged-with ones. */
  maxFilms: number;
  /** Day buckets kept per film (the most recent ones): what bounds the table whatever the retention. */
  maxBuckets: number;
}

/** As stored: per film, the day numbers (ascending) and the users who engaged with it on each day. */
export type TrendingSnapshot = Record<string, [number[], number[]]>;

interface Series {
  days: Int32Array;
  counts: Float32Array;
}

/**
 * "Popular now": per film, how many users engaged with it on each day, so that a film's popularity
 * can be read as of any time: engagements on or before that day, each halving every `halfLifeMs`
 * before it. As of now it is what the audience is into this week; as of a past time (the offline
 * evaluation asks each user at the time of their last interaction) it is what was popular then,
 * which an all-time count is not. Bounded: `maxFilms` × `maxBuckets` counts.
 */
export class TrendingFilms {
  private readonly memo = new Map<number, { scores: Map<string, number>; order: WeightedFilm[] }>();

  private constructor(
    private readonly series: Map<string, Series>,
    readonly halfLifeMs: number,
  ) {}

  static empty(): TrendingFilms {
    return new TrendingFilms(new Map(), 0);
  }

  static fromSnapshot(snapshot: TrendingSnapshot | undefined, halfLifeMs: number): TrendingFilms {
    const series = new Map<string, Series>();
    for (const [filmId, [days, counts]] of Object.entries(snapshot ?? {}))
      series.set(filmId, { days: Int32Array.from(days), counts: Float32Array.from(counts) });
    return new TrendingFilms(series, halfLifeMs);
  }

  get films(): number {
    return this.series.size;
  }

  /** Day counts held: the table's memory is about 8 bytes each plus the ids. */
  get entries(): number {
    let entries = 0;
    for (const { days } of this.series.values()) entries += days.length;
    return entries;
  }

  /** Each film's popularity as of `atMs` (films nobody had engaged with by then are absent). */
  scoresAt(atMs: number): ReadonlyMap<string, number> {
    return this.at(atMs).scores;
  }

  /** The `k` most popular films as of `atMs`, most popular first. */
  topAt(atMs: number, k: number): WeightedFilm[] {
    return this.at(atMs).order.slice(0, k);
  }

  toSnapshot(): TrendingSnapshot {
    const snapshot: TrendingSnapshot = {};
    for (const [filmId, { days, counts }] of this.series) snapshot[filmId] = [Array.from(days), Array.from(counts)];
    return snapshot;
  }

  private at(atMs: number) {
    const day = Math.floor(atMs / DAY_MS);
    const known = this.memo.get(day);
    if (known) return known;
    const scores = new Map<string, number>();
    const perDay = this.halfLifeMs > 0 ? 0.5 ** (DAY_MS / this.halfLifeMs) : 1;
    for (const [filmId, { days, counts }] of this.series) {
      let score = 0;
      for (let b = 0; b < days.length && days[b] <= day; b++) score += counts[b] * perDay ** (day - days[b]);
      if (score > 0) scores.set(filmId, score);
    }
    const order = [...scores]
      .map(([filmId, weight]) => ({ filmId, weight }))
      .sort((a, b) => b.weight - a.weight || (a.filmId < b.filmId ? -1 : 1));
    const answer = { scores, order };
    if (this.memo.size >= MEMO_SIZE) this.memo.delete(this.memo.keys().next().value as number);
    this.memo.set(day, answer);
    return answer;
  }

  /** Counts engagements as a refit reads the histories, then keeps the `maxFilms` most engaged-with films. */
  static counter(options: TrendingOptions) {
    const byFilm = new Map<string, Map<number, number>>();
    return {
      add(filmId: string, atMs: number): void {
        const day = Math.floor(atMs / DAY_MS);
        let days = byFilm.get(filmId);
        if (!days) byFilm.set(filmId, (days = new Map()));
        days.set(day, (days.get(day) ?? 0) + 1);
      },
      build(engaged: ReadonlyMap<string, number>): TrendingFilms {
        const films = [...engaged]
          .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
          .slice(0, options.maxFilms)
          .map(([filmId]) => filmId);
        const series = new Map<string, Series>();
        for (const filmId of films) {
          const days = [...(byFilm.get(filmId) ?? new Map<number, number>())].sort((a, b) => a[0] - b[0]).slice(-options.maxBuckets);
          if (days.length === 0) continue;
          series.set(filmId, { days: Int32Array.from(days, ([d]) => d), counts: Float32Array.from(days, ([, c]) => c) });
        }
        return new TrendingFilms(series, options.halfLifeMs);
      },
    };
  }
}
