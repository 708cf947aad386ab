import { FilmCatalogue } from '@marquee/catalogue';
import { CollaborativeModel, MemoryCollaborativeStore } from '@marquee/collaborative';
import { collaborativeSettings, recommendingSettings, validateMarqueeConfig } from '@marquee/config';
import type { Film, UserInteractionEvent } from '@marquee/domain';
import { BruteForceVectorIndex } from '@marquee/vector-index';
import { filmWith, screeningAt } from '../../../../test/support/screenings';
import { compileFilters } from '../filters/event-filters';
import { Recommender } from '../recommender';
import { CoEngagedFilms } from './co-engaged';

const now = new Date('2026-03-20T12:00:00Z');
const unit = (...xs: number[]) => {
  const norm = Math.hypot(...xs);
  return new Float32Array(xs.map((x) => x / norm));
};
const upcoming = (id: string): Film => filmWith(id, [screeningAt(`${id}-s`, '2026-03-24T20:00:00+01:00', 'gent')]);
const past = (id: string): Film => filmWith(id, [screeningAt(`${id}-s`, '2026-03-01T20:00:00+01:00', 'gent')]);

/** Bookers of the documentary also booked the thriller, though their synopses have nothing in common. */
const learned = async () => {
  const settings = collaborativeSettings(validateMarqueeConfig({}));
  const options = { ...settings, refreshIntervalMs: 0, model: { ...settings.model, maxFilms: 50, lambda: 1 } };
  const model = new CollaborativeModel(new MemoryCollaborativeStore({ maxFilmsPerUser: 50 }), options);
  const bookings: UserInteractionEvent[] = [];
  for (let u = 0; u < 8; u++) {
    const films = u < 6 ? ['documentary', 'thriller', 'old-thriller'] : ['comedy', 'musical'];
    films.forEach((filmId, n) =>
      bookings.push({
        type: 'booking',
        userId: `u${u}`,
        filmId,
        interactionId: `00000000-0000-4000-8000-${String(u * 10 + n).padStart(12, '0')}`,
        occurredAt: new Date(Date.UTC(2026, 2, 1 + n)).toISOString(),
        receivedAt: new Date(Date.UTC(2026, 2, 1 + n)).toISOString(),
      }),
    );
  }
  await model.record(bookings);
  await model.refit();
  return model;
};

describe('CoEngagedFilms', () => {
  const documentary = upcoming('documentary');
  const catalogue = new FilmCatalogue(new BruteForceVectorIndex({ dimension: 3 }));
  for (const [film, vector] of [
    [documentary, unit(1, 0, 0)],
    [upcoming('thriller'), unit(0, 1, 0)],
    [past('old-thriller'), unit(0, 0.9, 0.1)],
    [upcoming('comedy'), unit(0, 0, 1)],
    [upcoming('musical'), unit(0.1, 0, 1)],
  ] as const)
    catalogue.upsert({ film, version: 1, contentHash: film.id }, vector);
  const seeds = [{ film: documentary, vector: unit(1, 0, 0) }];

  it('finds the films booked together with the seed that can still be attended, with the seed as reference', async () => {
    const source = new CoEngagedFilms(catalogue, await learned());

    const found = source.candidates({ seeds, k: 5, matcher: compileFilters({}, now), exclude: new Set(['documentary']), now });

    expect(found.map((c) => c.id)).toEqual(['thriller']);
    expect(found[0].reference?.id).toBe('documentary');
    expect(found[0].similarity).toBeCloseTo(0, 6);
  });

  it('puts "visitors who booked this also booked" into the Recommender next to the synopsis neighbours', async () => {
    const settings = recommendingSettings(validateMarqueeConfig({}));
    const recommender = new Recommender(catalogue, { ...settings, defaultDiversity: 0 }, [new CoEngagedFilms(catalogue, await learned())]);

    const results = recommender.recommend({ limit: 3, languages: ['en'], now, seeds, exclude: new Set(['documentary']) });

    expect(results.map((r) => [r.event.id, r.source])).toEqual([['thriller', 'co-engaged']]);
  });
});
