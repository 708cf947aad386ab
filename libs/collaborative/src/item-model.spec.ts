import { seededRandom } from '@marquee/random';
import { CollaborativeModel } from './collaborative-model.service';
import type { Engagement, UserHistory } from './engagement';
import { fitItemModel, ItemModel, ItemModelFitter, type ItemModelOptions } from './item-model';
import { MemoryCollaborativeStore } from './memory-collaborative-store';
import { invertSymmetricPositiveDefinite } from './spd-inverse';

const DAY = 86_400_000;
const options: ItemModelOptions = {
  maxFilms: 100,
  neighboursPerFilm: 10,
  lambda: 1,
  halfLifeMs: 0,
  maxFilmsPerUser: 50,
  historyHalfLifeMs: 0,
  historyHalfLifeEngagements: 0,
  trendingHalfLifeMs: 0,
  trendingMaxFilms: 100,
  trendingMaxBuckets: 100,
};
const weights = { view: 1, click: 2, like: 4, booking: 5, ratingFloor: 0.5, ratingTop: 1 };

/** Two audiences that do not mix: horror fans and documentary fans, each engaging with 3 of their 4 films. */
const tinyHistories = (): UserHistory[] => {
  const histories: UserHistory[] = [];
  const horror = ['h1', 'h2', 'h3', 'h4'];
  const docs = ['d1', 'd2', 'd3', 'd4'];
  let user = 0;
  for (const films of [horror, docs]) {
    for (let skip = 0; skip < films.length; skip++) {
      for (let copy = 0; copy < 3; copy++) {
        const engagements: Engagement[] = films.filter((_, n) => n !== skip).map((filmId, n) => ({ filmId, weight: 1, atMs: n * DAY }));
        histories.push({ userId: `u${user++}`, engagements });
      }
    }
  }
  return histories;
};

describe('ItemModel', () => {
  it('finds a film neighbours among the films the same audience engaged with', () => {
    const model = fitItemModel(tinyHistories(), options);

    const neighbours = model.neighboursOf('h1', 3).map((n) => n.filmId);
    expect(neighbours.sort()).toEqual(['h2', 'h3', 'h4']);
    expect(model.neighboursOf('d2', 10).every((n) => n.filmId.startsWith('d'))).toBe(true);
    expect(model.neighboursOf('unknown', 3)).toEqual([]);
  });

  it('scores the films the history lacks, never the history itself, within the candidates asked for', () => {
    const model = fitItemModel(tinyHistories(), options);

    const scores = model.scoresFor(
      [
        { filmId: 'h1', weight: 1 },
        { filmId: 'h2', weight: 1 },
      ],
      undefined,
      10,
    );
    expect(
      scores
        .slice(0, 2)
        .map((s) => s.filmId)
        .sort(),
    ).toEqual(['h3', 'h4']);
    expect(scores.map((s) => s.filmId)).not.toContain('h1');

    const onlyH4 = model.scoresFor([{ filmId: 'h1', weight: 1 }], new Set(['h4', 'd1']), 10);
    expect(onlyH4.map((s) => s.filmId)).toEqual(['h4']);
  });

  it('keeps at most maxFilms films and neighboursPerFilm neighbours each, whatever the number of films', () => {
    const random = seededRandom(7);
    // As a store holds them: one engagement per film and user.
    const histories: UserHistory[] = Array.from({ length: 300 }, (_, u) => ({
      userId: `u${u}`,
      engagements: [...new Set(Array.from({ length: 30 }, () => `f${Math.floor(random() ** 2 * 2_000)}`))].map((filmId, n) => ({
        filmId,
        weight: 1,
        atMs: n,
      })),
    }));
    const bounded = fitItemModel(histories, { ...options, maxFilms: 60, neighboursPerFilm: 5 });

    expect(bounded.films).toBe(60);
    expect(bounded.entries).toBeLessThanOrEqual(60 * 5);
    // The films kept are the most engaged-with ones.
    const counts = new Map<string, number>();
    for (const h of histories) for (const { filmId: f } of h.engagements) counts.set(f, (counts.get(f) ?? 0) + 1);
    const sixtieth = [...counts.values()].sort((a, b) => b - a)[59];
    const kept = [...counts.keys()].filter((f) => bounded.engagedUsers(f) > 0);
    expect(kept.every((f) => (counts.get(f) as number) >= sixtieth)).toBe(true);
  });

  it('weighs what a user did last more when a half-life is set', () => {
    // Users who watched a then b, and users who watched c then b: b's neighbours are a and c either way.
    const histories: UserHistory[] = [];
    for (let u = 0; u < 10; u++) {
      histories.push({
        userId: `x${u}`,
        engagements: [
          { filmId: 'a', weight: 1, atMs: 0 },
          { filmId: 'b', weight: 1, atMs: 30 * DAY },
        ],
      });
      histories.push({
        userId: `y${u}`,
        engagements: [
          { filmId: 'c', weight: 1, atMs: 29 * DAY },
          { filmId: 'b', weight: 1, atMs: 30 * DAY },
        ],
      });
    }
    const flat = fitItemModel(histories, options).neighboursOf('b', 2);
    const recent = fitItemModel(histories, { ...options, halfLifeMs: 2 * DAY }).neighboursOf('b', 2);

    expect(flat[0].weight).toBeCloseTo(flat[1].weight, 6);
    expect(recent[0].filmId).toBe('c');
    expect(recent[0].weight).toBeGreaterThan(recent[1].weight);
  });

  it('survives a snapshot round trip as JSON unchanged', () => {
    const model = fitItemModel(tinyHistories(), options, 3);
    const restored = ItemModel.fromSnapshot(JSON.parse(JSON.stringify(model.toSnapshot())), 3);

    expect(restored.toSnapshot()).toEqual(model.toSnapshot());
    const history = [{ filmId: 'd1', weight: 2 }];
    expect(restored.scoresFor(history, undefined, 5)).toEqual(model.scoresFor(history, undefined, 5));
  });

  it('fits the same model when it lets the event loop run while inverting', async () => {
    const histories = tinyHistories();
    const fitter = new ItemModelFitter(options);
    for (const history of histories) fitter.count(history);
    for (const history of histories) fitter.accumulate(history);

    const cooperative = await fitter.fitCooperatively(1, 0);

    expect(cooperative.toSnapshot()).toEqual(fitItemModel(histories, options).toSnapshot());
  });

  it('refuses options that cannot fit a model', () => {
    expect(() => new ItemModelFitter({ ...options, lambda: 0 })).toThrow(RangeError);
  });
});

describe('CollaborativeModel', () => {
  const interactions = () => {
    const random = seededRandom(42);
    const types = ['view', 'click', 'like', 'booking', 'rating', 'impression', 'dismiss'] as const;
    return Array.from({ length: 2_000 }, (_, n) => {
      const type = types[Math.floor(random() * types.length)];
      const base = {
        interactionId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        userId: `u${Math.floor(random() * 60)}`,
        filmId: `f${Math.floor(random() ** 2 * 80)}`,
        occurredAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
        receivedAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
      };
      return type === 'rating' ? { ...base, type, rating: 0.5 + Math.floor(random() * 10) / 2 } : { ...base, type };
    });
  };

  it('learns incrementally what it learns in one batch, redeliveries included', async () => {
    const events = interactions();
    const batch = new CollaborativeModel(new MemoryCollaborativeStore({ maxFilmsPerUser: 20 }), {
      weights,
      model: { ...options, halfLifeMs: 3 * DAY, maxFilmsPerUser: 20 },
      refreshIntervalMs: 0,
    });
    await batch.record(events);
    const once = await batch.refit();

    const incremental = new CollaborativeModel(new MemoryCollaborativeStore({ maxFilmsPerUser: 20 }), {
      weights,
      model: { ...options, halfLifeMs: 3 * DAY, maxFilmsPerUser: 20 },
      refreshIntervalMs: 0,
    });
    for (let start = 0; start < events.length; start += 150) {
      await incremental.record(events.slice(start, start + 150));
      // At least once: a batch is sometimes delivered again.
      if (start % 300 === 0) await incremental.record(events.slice(start, start + 150));
      await incremental.refit();
    }
    const last = incremental.model;

    expect(last.version).toBeGreaterThan(once.version);
    expect({ ...last.toSnapshot(), fittedAtMs: 0 }).toEqual({ ...once.toSnapshot(), fittedAtMs: 0 });
    expect(last.films).toBeGreaterThan(10);
  });

  it('gives a user history weighted by recency, and forgets an erased user', async () => {
    const model = new CollaborativeModel(new MemoryCollaborativeStore({ maxFilmsPerUser: 50 }), {
      weights,
      model: { ...options, halfLifeMs: 5 * DAY, historyHalfLifeMs: DAY },
      refreshIntervalMs: 0,
    });
    const at = (day: number) => new Date(Date.UTC(2026, 0, day)).toISOString();
    const base = { userId: 'ana', receivedAt: at(9) };
    await model.record([
      { ...base, interactionId: '00000000-0000-4000-8000-000000000001', type: 'booking', filmId: 'f1', occurredAt: at(1) },
      { ...base, interactionId: '00000000-0000-4000-8000-000000000002', type: 'like', filmId: 'f2', occurredAt: at(3) },
      { ...base, interactionId: '00000000-0000-4000-8000-000000000003', type: 'impression', filmId: 'f3', occurredAt: at(3) },
    ]);

    const history = await model.historyOf('ana');
    expect(history).toEqual([
      { filmId: 'f2', weight: 4 },
      { filmId: 'f1', weight: 5 / 4 },
    ]);
    await model.erase('ana', new Date(Date.UTC(2026, 0, 9)));
    await expect(model.historyOf('ana')).resolves.toEqual([]);
  });

  it('halves an engagement in the history for every few later ones, counting engagements at one time as one', async () => {
    const model = new CollaborativeModel(new MemoryCollaborativeStore({ maxFilmsPerUser: 50 }), {
      weights,
      model: { ...options, historyHalfLifeMs: 0, historyHalfLifeEngagements: 2 },
      refreshIntervalMs: 0,
    });
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString();
    const like = (n: number, filmId: string, minute: number) => ({
      interactionId: `00000000-0000-4000-8000-00000000000${n}`,
      userId: 'ana',
      receivedAt: at(30),
      type: 'like' as const,
      filmId,
      occurredAt: at(minute),
    });
    // Within one sitting (minutes apart), so the history's time half-life could not tell them apart.
    await model.record([like(1, 'f1', 1), like(2, 'f2', 2), like(3, 'f3', 3), like(4, 'f4', 3)]);

    const weightOf = new Map((await model.historyOf('ana')).map((h) => [h.filmId, h.weight]));
    expect(weightOf.get('f3')).toBe(4);
    expect(weightOf.get('f4')).toBe(4);
    expect(weightOf.get('f2')).toBeCloseTo(4 * 0.5, 10);
    expect(weightOf.get('f1')).toBeCloseTo(4 * 0.5 ** 1.5, 10);
  });

  it('lets another process answer from the stored model once it reloads', async () => {
    const store = new MemoryCollaborativeStore({ maxFilmsPerUser: 50 });
    const learner = new CollaborativeModel(store, { weights, model: options, refreshIntervalMs: 0 });
    const replica = new CollaborativeModel(store, { weights, model: options, refreshIntervalMs: 0 });
    await learner.record(interactions());
    await learner.refit();

    expect(replica.neighboursOf('f1', 5)).toEqual([]);
    await expect(replica.reload()).resolves.toBe(true);
    expect(replica.version).toBe(learner.version);
    expect(replica.neighboursOf('f1', 5)).toEqual(learner.neighboursOf('f1', 5));
    await expect(replica.reload()).resolves.toBe(false);
  });
});

describe('invertSymmetricPositiveDefinite', () => {
  it('returns the inverse of a positive definite matrix', () => {
    const random = seededRandom(3);
    const n = 12;
    const x = Array.from({ length: 20 * n }, () => random());
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let r = 0; r < 20; r++) a[i * n + j] += x[r * n + i] * x[r * n + j];
    for (let i = 0; i < n; i++) a[i * n + i] += 0.1;
    const inverse = Float64Array.from(a);
    invertSymmetricPositiveDefinite(inverse, n);

    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let product = 0;
        for (let m = 0; m < n; m++) product += a[i * n + m] * inverse[m * n + j];
        expect(product).toBeCloseTo(i === j ? 1 : 0, 8);
      }
    }
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(() => invertSymmetricPositiveDefinite(Float64Array.from([0, 1, 1, 0]), 2)).toThrow(RangeError);
  });
});
