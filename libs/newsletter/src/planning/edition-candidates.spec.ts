import { compileFilters } from '@marquee/recommending';
import { editionFixtureCatalogue } from '../../../../test/support/newsletter';
import { EditionCandidates } from './edition-candidates';

const now = new Date('2026-12-03T12:00:00Z');

describe('EditionCandidates', () => {
  const catalogue = editionFixtureCatalogue(300);
  const window = compileFilters({ from: '2026-12-07', to: '2026-12-20' }, now);
  const candidates = new EditionCandidates(catalogue, window);
  const films = [...catalogue.films()].map((e) => e.film);

  it('holds the films screening in the window, and only those', () => {
    const inWindow = films.filter((film) => window.matches(film)).map((film) => film.id);
    expect(inWindow.length).toBeGreaterThan(0);
    const held = Array.from({ length: candidates.size }, (_, i) => candidates.idAt(i));
    expect(held.sort()).toEqual(inWindow.sort());
  });

  it("finds an audience's films by its filters: place, languages", () => {
    const filters = { from: '2026-12-07', to: '2026-12-20', cities: ['Gent'], languages: ['fr'] };
    const matcher = compileFilters(filters, now);
    const expected = films.filter((film) => matcher.matches(film)).map((film) => film.id);
    const positions = candidates.among(catalogue, matcher);
    expect(expected.length).toBeGreaterThan(0);
    expect([...positions].map((p) => candidates.idAt(p)).sort()).toEqual(expected.sort());
  });

  it('ranks them as the exact index does: the k most similar, best first, ties by id', () => {
    const matcher = compileFilters({ from: '2026-12-07', to: '2026-12-20', cities: ['Antwerpen'] }, now);
    const positions = candidates.among(catalogue, matcher);
    const ids = [...positions].map((p) => candidates.idAt(p));
    const query = catalogue.index.vectorOf(films[0].id) as Float32Array;
    const exact = catalogue.index.search(query, 12, (id) => ids.includes(id));
    const packed = candidates.nearest(query, positions, 12);
    expect(packed.map((n) => n.id)).toEqual(exact.map((n) => n.id));
    packed.forEach((n, i) => expect(n.similarity).toBeCloseTo(exact[i].similarity, 5));
  });

  it('ranks several queries in one pass exactly as it ranks each alone, skipping zero queries', () => {
    const positions = candidates.among(catalogue, compileFilters({ from: '2026-12-07', to: '2026-12-20', cities: ['Gent'] }, now));
    const queries = films.slice(0, 7).map((film) => catalogue.index.vectorOf(film.id) as Float32Array);
    queries.splice(3, 0, new Float32Array(queries[0].length));
    const together = candidates.nearestOfMany(queries, positions, 9);
    expect(together).toHaveLength(queries.length);
    expect(together[3]).toEqual([]);
    queries.forEach((query, i) => expect(together[i]).toEqual(candidates.nearest(query, positions, 9)));
    expect(together[0]).toHaveLength(9);
  });

  it('answers nothing for an empty audience, k of 0 or a zero query', () => {
    const query = catalogue.index.vectorOf(films[0].id) as Float32Array;
    const all = Int32Array.from({ length: candidates.size }, (_, i) => i);
    expect(candidates.nearest(query, new Int32Array(0), 5)).toEqual([]);
    expect(candidates.nearest(query, all, 0)).toEqual([]);
    expect(candidates.nearest(new Float32Array(query.length), all, 5)).toEqual([]);
    expect(candidates.nearest(query, all, candidates.size + 10)).toHaveLength(candidates.size);
  });
});
