import { FilmCatalogue } from '@marquee/catalogue';
import { recommendingSettings, validateMarqueeConfig } from '@marquee/config';
import type { Film } from '@marquee/domain';
import { BruteForceVectorIndex } from '@marquee/vector-index';
import { filmWith, screeningAt, type VenueKey } from '../../../test/support/screenings';
import type { CandidateSource } from './candidates/candidate-source';
import { compileFilters } from './filters/event-filters';
import { PopularUpcomingNear } from './candidates/popular-upcoming';
import { Recommender, type RecommendationQuery } from './recommender';

const now = new Date('2026-03-20T12:00:00Z');
const SOON = '2026-03-24T20:00:00+01:00';
const unit = (...xs: number[]) => {
  const norm = Math.hypot(...xs);
  return new Float32Array(xs.map((x) => x / norm));
};

const catalogueOf = (films: [Film, Float32Array][]) => {
  const catalogue = new FilmCatalogue(new BruteForceVectorIndex({ dimension: 3 }));
  for (const [film, vector] of films) catalogue.upsert({ film, version: 1, contentHash: film.id }, vector);
  return catalogue;
};
const film = (id: string, at: VenueKey, extra: Parameters<typeof filmWith>[2] = {}, start = SOON) =>
  filmWith(id, [screeningAt(`${id}-s`, start, at)], extra);
const settings = recommendingSettings(validateMarqueeConfig({}));
const query = (overrides: Partial<RecommendationQuery>): RecommendationQuery => ({
  limit: 3,
  languages: ['en'],
  now,
  seeds: [],
  exclude: new Set(),
  ...overrides,
});

describe('Recommender', () => {
  const westerns = film('western', 'gent', { directors: ['Sergio Leone'] });
  const musicals = film('musical', 'gent', { directors: ['Jacques Demy'] });
  const catalogue = catalogueOf([
    [westerns, unit(1, 0, 0)],
    [film('western-2', 'gent', { directors: ['Sergio Leone'] }), unit(0.95, 0.05, 0)],
    [film('western-3', 'antwerpen'), unit(0.9, 0.1, 0)],
    [musicals, unit(0, 1, 0)],
    [film('musical-2', 'gent', { directors: ['Jacques Demy'] }), unit(0.05, 0.95, 0)],
    [film('past', 'gent', {}, '2026-03-01T20:00:00+01:00'), unit(0.7, 0.7, 0)],
  ]);
  const recommender = new Recommender(catalogue, { ...settings, defaultDiversity: 0 });
  const ids = (results: { event: { id: string } }[]) => results.map((r) => r.event.id);

  it('leaves out every film of the exclude set, not only the seed film', () => {
    const seeds = [{ film: westerns, vector: unit(1, 0, 0) }];
    expect(ids(recommender.recommend(query({ seeds, exclude: new Set(['western']) })))).toEqual(['western-2', 'western-3', 'musical-2']);
    expect(ids(recommender.recommend(query({ seeds, exclude: new Set(['western', 'western-2']) })))).toEqual([
      'western-3',
      'musical-2',
      'musical',
    ]);
  });

  it('names for each result the seed film it was found for, and explains it against that film', () => {
    const seeds = [
      { film: westerns, vector: unit(1, 0, 0) },
      { film: musicals, vector: unit(0, 1, 0) },
    ];
    const results = recommender.recommend(query({ seeds, limit: 4, exclude: new Set(['western', 'musical']), languages: ['en'] }));
    const referenceOf = Object.fromEntries(results.map((r) => [r.event.id, r.reference?.id]));
    expect(referenceOf).toEqual({ 'western-2': 'western', 'western-3': 'western', 'musical-2': 'musical' });
    const firstReason = Object.fromEntries(results.map((r) => [r.event.id, r.event.explanations[0]]));
    expect(firstReason['western-2']).toBe('Same director: Sergio Leone');
    expect(firstReason['musical-2']).toBe('Same director: Jacques Demy');
    expect(results.every((r) => r.source === 'vector-neighbours')).toBe(true);
  });

  it('falls back on popular upcoming films near the visitor when it knows nothing of them (cold start)', () => {
    const cold = catalogueOf([
      [film('blockbuster-far', 'amsterdam', { popularity: 90 }), unit(1, 0, 0)],
      [film('blockbuster-near', 'gent', { popularity: 80 }), unit(0, 1, 0)],
      [film('arthouse-near', 'gent', { popularity: 3 }), unit(0, 0, 1)],
      [film('classic-gone', 'gent', { popularity: 99 }, '2026-03-01T20:00:00+01:00'), unit(1, 1, 0)],
      [film('seen', 'gent', { popularity: 85 }), unit(1, 0, 1)],
    ]);
    const gent = { lat: 51.05, lon: 3.72 };
    const results = new Recommender(cold, settings).recommend(query({ origin: gent, exclude: new Set(['seen']), limit: 3 }));
    // Ranked by the hybrid score: a nearby arthouse film beats a blockbuster 160 km away.
    expect(ids(results)).toEqual(['blockbuster-near', 'arthouse-near', 'blockbuster-far']);
    expect(results.map((r) => [r.source, r.reference])).toEqual([
      ['popular-upcoming', undefined],
      ['popular-upcoming', undefined],
      ['popular-upcoming', undefined],
    ]);
    // Nothing to compare with, so the explanations say only when and where.
    expect(results[0].event.explanations).toEqual(['Screens Tue 24 Mar in Gent', expect.stringMatching(/^0\.\d km from you$/)]);
    // What the source hands on first when it may hand on fewer: the popular, and with a position the popular nearby.
    const source = new PopularUpcomingNear(cold);
    const matcher = compileFilters({}, now);
    const firstTwo = (origin?: { lat: number; lon: number }) =>
      source.candidates({ seeds: [], k: 2, matcher, exclude: new Set(['seen']), origin, now }).map((c) => c.id);
    expect(firstTwo()).toEqual(['blockbuster-far', 'blockbuster-near']);
    expect(firstTwo(gent)).toEqual(['blockbuster-near', 'arthouse-near']);
  });

  it('asks every source it is given, each film once', () => {
    const fixed = (name: string, idsFound: string[]): CandidateSource => ({
      name,
      candidates: ({ matcher }) =>
        idsFound.map((id) => {
          const entry = catalogue.get(id) as { film: Film };
          return { id, film: entry.film, similarity: 0.5, screenings: matcher.matchingScreenings(entry.film) };
        }),
    });
    const results = new Recommender(catalogue, { ...settings, defaultDiversity: 0 }, [
      fixed('editors', ['musical-2', 'western-3']),
      fixed('trending', ['western-3', 'western-2']),
    ]).recommend(query({ limit: 5 }));
    expect(Object.fromEntries(results.map((r) => [r.event.id, r.source]))).toEqual({
      'musical-2': 'editors',
      'western-3': 'editors',
      'western-2': 'trending',
    });
  });
});

describe('PopularUpcomingNear', () => {
  it('applies only without seeds, and keeps to the filters', () => {
    const catalogue = catalogueOf([
      [film('gent-popular', 'gent', { popularity: 50 }), unit(1, 0, 0)],
      [film('antwerpen-popular', 'antwerpen', { popularity: 60 }), unit(0, 1, 0)],
    ]);
    const source = new PopularUpcomingNear(catalogue);
    const recommender = new Recommender(catalogue, settings, [source]);
    expect(recommender.recommend(query({ seeds: [{ vector: unit(1, 0, 0) }] }))).toEqual([]);
    expect(recommender.recommend(query({})).map((r) => r.event.id)).toEqual(['antwerpen-popular', 'gent-popular']);
    expect(recommender.recommend(query({ filters: { cities: ['Gent'] } })).map((r) => r.event.id)).toEqual(['gent-popular']);
  });
});
