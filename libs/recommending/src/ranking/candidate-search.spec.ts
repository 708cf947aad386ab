import { seededRandom } from '@marquee/random';
import { BruteForceVectorIndex, HnswVectorIndex } from '@marquee/vector-index';
import { filmWith, screeningAt } from '../../../../test/support/screenings';
import { compileFilters, type EventFilters } from '../filters/event-filters';
import { FilmCatalogue } from '@marquee/catalogue';
import { findCandidates } from './candidate-search';

const DIMENSION = 16;
const FILMS = 3_000;
const K = 10;
const now = new Date('2026-03-20T12:00:00Z');

const random = seededRandom(42);
const vector = () => Float32Array.from({ length: DIMENSION }, () => random() - 0.5);

/** Film i: in Gent when i % 100 === 0 (1%), else Antwerpen; a comedy when i % 3 === 0; screening on 1 April when i % 50 === 1 (2%). */
const films = Array.from({ length: FILMS }, (_, i) =>
  filmWith(
    `film-${i}`,
    [screeningAt(`s-${i}`, i % 50 === 1 ? '2026-04-01T20:00:00+02:00' : '2026-03-25T20:00:00+01:00', i % 100 === 0 ? 'gent' : 'antwerpen')],
    { genres: i % 3 === 0 ? ['Comedy'] : ['Drama'] },
  ),
);
const vectors = films.map(vector);

const build = () => {
  const hnsw = new FilmCatalogue(new HnswVectorIndex({ dimension: DIMENSION, initialCapacity: FILMS }));
  const exact = new FilmCatalogue(new BruteForceVectorIndex({ dimension: DIMENSION }));
  films.forEach((film, i) => {
    hnsw.upsert({ film, version: 1, contentHash: 'h' }, vectors[i]);
    exact.upsert({ film, version: 1, contentHash: 'h' }, vectors[i]);
  });
  return { hnsw, exact };
};

describe('findCandidates on 3,000 films', () => {
  const { hnsw, exact } = build();
  const query = vector();
  const search = (catalogue: FilmCatalogue, filters: EventFilters, exactScanMaxCandidates = 2_000) =>
    findCandidates(catalogue, {
      vector: query,
      k: K,
      matcher: compileFilters(filters, now),
      exclude: new Set(['film-0']),
      exactScanMaxCandidates,
    });
  const ids = (found: { id: string }[]) => found.map((c) => c.id);

  it.each<[string, EventFilters, (i: number) => boolean]>([
    ['a city holding 1% of the films', { cities: ['Gent'] }, (i) => i % 100 === 0],
    ['a date holding 2% of the films', { from: '2026-04-01' }, (i) => i % 50 === 1],
    ['excluding a third of the films', { excludeGenres: ['comedy'] }, (i) => i % 3 !== 0],
  ])('returns k films for %s, every one matching, and nearly the exact nearest', (_name, filters, matches) => {
    const found = search(hnsw, filters);
    const truth = ids(search(exact, filters));

    expect(found).toHaveLength(K);
    expect(found.every((c) => matches(Number(c.id.slice(5))) && c.id !== 'film-0')).toBe(true);
    expect(found.every((c) => c.screenings.length > 0)).toBe(true);
    expect(ids(found).filter((id) => truth.includes(id)).length).toBeGreaterThanOrEqual(K - 1);
  });

  it('ranks the films a place leaves exactly among themselves, without walking the graph', () => {
    const exactScan = jest.spyOn(hnsw.index as HnswVectorIndex, 'searchAmong');
    const graph = jest.spyOn(hnsw.index, 'search');

    const found = search(hnsw, { cities: ['gent'] });

    expect(exactScan).toHaveBeenCalledTimes(1);
    expect(graph).not.toHaveBeenCalled();
    expect(ids(found)).toEqual(ids(search(exact, { cities: ['gent'] })));

    exactScan.mockClear();
    expect(search(hnsw, { cities: ['gent'] }, 0)).toHaveLength(K);
    expect(exactScan).not.toHaveBeenCalled();
    expect(graph).toHaveBeenCalledTimes(1);
    jest.restoreAllMocks();
  });

  it('returns every match when fewer than k films match', () => {
    expect(search(hnsw, { cities: ['Gent'], from: '2026-04-01' })).toEqual([]);
    expect(ids(search(hnsw, { cities: ['Gent'], genres: ['Comedy'] })).sort()).toEqual(
      films
        .filter((_, i) => i % 300 === 0 && i !== 0)
        .map((f) => f.id)
        .sort(),
    );
  });
});
