import { statSync } from 'node:fs';
import { join } from 'node:path';
import { FilmSchema, validate } from '@marquee/domain';
import { CATALOGUE_FILMS, SEED_FILMS } from './demo-films';

describe('demo film data', () => {
  it('holds valid films without screenings and with unique readable ids', () => {
    const films = [...SEED_FILMS, ...CATALOGUE_FILMS];
    for (const film of films) {
      expect({ id: film.id, result: validate(FilmSchema, film) }).toMatchObject({ id: film.id, result: { ok: true } });
      expect(film.screenings ?? []).toEqual([]);
    }
    expect(new Set(films.map((f) => f.id)).size).toBe(films.length);
    expect(SEED_FILMS.map((f) => f.id)).toEqual([
      'backstage-2023',
      'invasion-loznitsa-2024',
      'good-one-2024',
      'julian-nabespreking-tienen',
      'bird-arnold-2024',
    ]);
    expect(CATALOGUE_FILMS.every((f) => /^tmdb-\d+$/.test(f.id))).toBe(true);
  });

  it('mixes languages so that cross-lingual matching shows', () => {
    const languagesOf = (film: { synopses?: Record<string, string> }) => Object.keys(film.synopses ?? {});
    const pairs = CATALOGUE_FILMS.filter((f) => languagesOf(f).length === 2 && languagesOf(f).includes('en'));
    const nonEnglishOnly = CATALOGUE_FILMS.filter((f) => !languagesOf(f).includes('en'));
    expect(CATALOGUE_FILMS.length).toBeGreaterThanOrEqual(380);
    expect(pairs.length).toBeGreaterThanOrEqual(90);
    expect(nonEnglishOnly.length).toBeGreaterThanOrEqual(40);
    const backstage = SEED_FILMS[0];
    expect(languagesOf(backstage).sort()).toEqual(['en', 'nl']);
  });

  it('stays small enough to commit', () => {
    expect(statSync(join(__dirname, '..', 'data', 'films.json')).size).toBeLessThan(1_000_000);
  });
});
