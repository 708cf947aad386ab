import { TrendingFilms } from './trending';

const DAY = 86_400_000;
const at = (day: number) => Date.UTC(2026, 0, 1) + day * DAY + 3_600_000;

const counted = (engagements: [string, number][], options = { halfLifeMs: 10 * DAY, maxFilms: 10, maxBuckets: 100 }) => {
  const counter = TrendingFilms.counter(options);
  const engaged = new Map<string, number>();
  for (const [filmId, day] of engagements) {
    counter.add(filmId, at(day));
    engaged.set(filmId, (engaged.get(filmId) ?? 0) + 1);
  }
  return counter.build(engaged);
};

describe('TrendingFilms', () => {
  // "old" had its audience on days 0–3, "new" on days 30–31: all-time, "old" is the more popular.
  const engagements: [string, number][] = [
    ['old', 0],
    ['old', 1],
    ['old', 2],
    ['old', 3],
    ['new', 30],
    ['new', 31],
  ];

  it('counts only what happened by the time asked about, the more recent counting more', () => {
    const trending = counted(engagements);

    expect(trending.topAt(at(5), 10).map((p) => p.filmId)).toEqual(['old']);
    expect(trending.topAt(at(31), 10).map((p) => p.filmId)).toEqual(['new', 'old']);
    // Each day halves a tenth of the way: day 31 counts 1, day 30 2^-0.1.
    expect(trending.scoresAt(at(31)).get('new')).toBeCloseTo(1 + 2 ** -0.1, 5);
    expect(trending.scoresAt(at(-1)).size).toBe(0);
  });

  it('with no half-life counts every engagement up to then once', () => {
    const trending = counted(engagements, { halfLifeMs: 0, maxFilms: 10, maxBuckets: 100 });

    expect(trending.scoresAt(at(40)).get('old')).toBe(4);
    expect(trending.topAt(at(40), 10).map((p) => p.filmId)).toEqual(['old', 'new']);
  });

  it('keeps at most maxFilms films and maxBuckets days each, and survives its snapshot', () => {
    const trending = counted([...engagements, ['rare', 40]], { halfLifeMs: 10 * DAY, maxFilms: 2, maxBuckets: 2 });

    expect(trending.films).toBe(2);
    expect(trending.entries).toBe(4);
    // "old" keeps its two latest days only.
    expect(trending.scoresAt(at(3)).get('old')).toBeCloseTo(1 + 2 ** -0.1, 5);
    const restored = TrendingFilms.fromSnapshot(JSON.parse(JSON.stringify(trending.toSnapshot())), 10 * DAY);
    expect([...restored.scoresAt(at(35))]).toEqual([...trending.scoresAt(at(35))]);
  });
});
