import type { Film } from '@marquee/domain';
import { filmWith, screeningAt } from '../../../../test/support/screenings';
import { compileFilters, type EventFilters } from './event-filters';
import { haversineKm } from './geo';

const now = new Date('2026-03-20T12:00:00Z');
const matchIds = (film: Film, filters: EventFilters): string[] =>
  compileFilters(filters, now)
    .matchingScreenings(film)
    .map((s) => s.screening.id);

describe('compileFilters', () => {
  it('keeps upcoming screenings only, soonest first, when no window is given', () => {
    const film = filmWith('f', [
      screeningAt('later', '2026-03-28T20:00:00+01:00', 'gent'),
      screeningAt('past', '2026-03-19T20:00:00+01:00', 'gent'),
      screeningAt('sooner', '2026-03-21T20:00:00+01:00', 'gent'),
    ]);
    expect(matchIds(film, {})).toEqual(['sooner', 'later']);
  });

  it('never reaches back before now, even with an earlier from', () => {
    const film = filmWith('f', [
      screeningAt('past', '2026-03-19T20:00:00+01:00', 'gent'),
      screeningAt('next', '2026-03-21T20:00:00+01:00', 'gent'),
    ]);
    expect(matchIds(film, { from: '2026-03-01' })).toEqual(['next']);
    expect(matchIds(film, { from: '2026-03-01T00:00:00Z' })).toEqual(['next']);
  });

  it('bounds the window by instants', () => {
    const film = filmWith('f', [
      screeningAt('a', '2026-03-24T19:00:00+01:00', 'gent'),
      screeningAt('b', '2026-03-24T21:00:00+01:00', 'gent'),
    ]);
    expect(matchIds(film, { from: '2026-03-24T19:30:00+01:00' })).toEqual(['b']);
    expect(matchIds(film, { to: '2026-03-24T18:00:00Z' })).toEqual(['a']);
    expect(matchIds(film, { from: '2026-03-24T18:30:00Z', to: '2026-03-24T20:00:00Z' })).toEqual(['b']);
  });

  it('reads a date-only window as the local date at each venue, not the UTC date', () => {
    const film = filmWith('f', [
      // 22:30 UTC on the 24th, the 24th in Gent.
      screeningAt('gent-late', '2026-03-24T23:30:00+01:00', 'gent'),
      // 23:30 UTC on the 24th, already the 25th in Gent.
      screeningAt('gent-after-midnight', '2026-03-25T00:30:00+01:00', 'gent'),
      // 00:30 UTC on the 25th, still the 24th in New York.
      screeningAt('new-york-evening', '2026-03-24T20:30:00-04:00', 'newYork'),
    ]);
    expect(matchIds(film, { to: '2026-03-24' })).toEqual(['gent-late', 'new-york-evening']);
    expect(matchIds(film, { from: '2026-03-25' })).toEqual(['gent-after-midnight']);
    expect(matchIds(film, { from: '2026-03-24', to: '2026-03-24' })).toEqual(['gent-late', 'new-york-evening']);
  });

  it('matches city, region, country and venue ignoring case and accents', () => {
    const film = filmWith('f', [
      screeningAt('gent', '2026-03-21T20:00:00+01:00', 'gent'),
      screeningAt('liege', '2026-03-22T20:00:00+01:00', 'liege'),
      screeningAt('amsterdam', '2026-03-23T20:00:00+01:00', 'amsterdam'),
    ]);
    expect(matchIds(film, { cities: ['LIEGE'] })).toEqual(['liege']);
    expect(matchIds(film, { cities: ['gent', 'Amsterdam'] })).toEqual(['gent', 'amsterdam']);
    expect(matchIds(film, { regions: ['oost-vlaanderen'] })).toEqual(['gent']);
    expect(matchIds(film, { countries: ['nl'] })).toEqual(['amsterdam']);
    expect(matchIds(film, { venues: ['sphinx cinema'] })).toEqual(['gent']);
    expect(matchIds(film, { countries: ['BE'], cities: ['Amsterdam'] })).toEqual([]);
  });

  it('measures great-circle distances (Brussels–Paris is about 264 km)', () => {
    expect(haversineKm({ lat: 50.8467, lon: 4.3525 }, { lat: 48.8566, lon: 2.3522 })).toBeGreaterThan(260);
    expect(haversineKm({ lat: 50.8467, lon: 4.3525 }, { lat: 48.8566, lon: 2.3522 })).toBeLessThan(268);
    expect(haversineKm({ lat: 51, lon: 4 }, { lat: 51, lon: 4 })).toBe(0);
  });

  it('keeps screenings within a radius, never venues without coordinates', () => {
    const film = filmWith('f', [
      screeningAt('gent', '2026-03-21T20:00:00+01:00', 'gent'),
      screeningAt('antwerpen', '2026-03-22T20:00:00+01:00', 'antwerpen'),
      screeningAt('amsterdam', '2026-03-23T20:00:00+01:00', 'amsterdam'),
      screeningAt('tienen', '2026-03-24T20:00:00+01:00', 'tienen'),
    ]);
    const gent = { lat: 51.05, lon: 3.72 };
    expect(matchIds(film, { near: { ...gent, radiusKm: 10 } })).toEqual(['gent']);
    expect(matchIds(film, { near: { ...gent, radiusKm: 100 } })).toEqual(['gent', 'antwerpen']);
    expect(matchIds(film, { near: { ...gent, radiusKm: 1000 } })).toEqual(['gent', 'antwerpen', 'amsterdam']);
  });

  it("matches the languages a visitor reads: spoken, film subtitles or the screening's own subtitles", () => {
    const film = filmWith(
      'f',
      [
        screeningAt('plain', '2026-03-21T20:00:00+01:00', 'gent'),
        screeningAt('dutch-subtitles', '2026-03-22T20:00:00+01:00', 'gent', { subtitleLanguages: ['nl'] }),
      ],
      { spokenLanguages: ['uk'], subtitleLanguages: ['en'] },
    );
    expect(matchIds(film, { languages: ['nl-BE'] })).toEqual(['dutch-subtitles']);
    expect(matchIds(film, { languages: ['en'] })).toEqual(['plain', 'dutch-subtitles']);
    expect(matchIds(film, { languages: ['uk'] })).toEqual(['plain', 'dutch-subtitles']);
    expect(matchIds(film, { languages: ['fr', 'de'] })).toEqual([]);
    const unknownLanguage = filmWith('g', [screeningAt('s', '2026-03-21T20:00:00+01:00', 'gent')]);
    expect(matchIds(unknownLanguage, { languages: ['en'] })).toEqual([]);
  });

  it('admits films up to an age limit, not films without one', () => {
    const at = [screeningAt('s', '2026-03-21T20:00:00+01:00', 'gent')];
    expect(matchIds(filmWith('twelve', at, { ageLimit: 12 }), { maxAge: 12 })).toEqual(['s']);
    expect(matchIds(filmWith('sixteen', at, { ageLimit: 16 }), { maxAge: 12 })).toEqual([]);
    expect(matchIds(filmWith('unrated', at), { maxAge: 12 })).toEqual([]);
  });

  it('keeps screenings up to a price, in the given currency or any', () => {
    const film = filmWith('f', [
      screeningAt('cheap', '2026-03-21T20:00:00+01:00', 'gent', { price: { amount: 6, currency: 'EUR' } }),
      screeningAt('dear', '2026-03-22T20:00:00+01:00', 'gent', { price: { amount: 14, currency: 'EUR' } }),
      screeningAt('dollars', '2026-03-23T20:00:00-04:00', 'newYork', { price: { amount: 8, currency: 'USD' } }),
      screeningAt('unpriced', '2026-03-24T20:00:00+01:00', 'gent', { price: undefined }),
    ]);
    expect(matchIds(film, { maxPrice: 10 })).toEqual(['cheap', 'dollars']);
    expect(matchIds(film, { maxPrice: 10, currency: 'eur' })).toEqual(['cheap']);
    expect(matchIds(film, { maxPrice: 0 })).toEqual([]);
  });

  it('includes and excludes genres, ignoring case', () => {
    const at = [screeningAt('s', '2026-03-21T20:00:00+01:00', 'gent')];
    const war = filmWith('war', at, { genres: ['Documentary', 'War'] });
    const comedy = filmWith('comedy', at, { genres: ['Comedy'] });
    expect([war, comedy].filter((f) => matchIds(f, { genres: ['documentary', 'drama'] }).length).map((f) => f.id)).toEqual(['war']);
    expect([war, comedy].filter((f) => matchIds(f, { excludeGenres: ['WAR'] }).length).map((f) => f.id)).toEqual(['comedy']);
  });

  it('needs one screening to satisfy every constraint at once', () => {
    const film = filmWith('f', [
      screeningAt('gent-dear', '2026-03-21T20:00:00+01:00', 'gent', { price: { amount: 15, currency: 'EUR' } }),
      screeningAt('antwerpen-cheap', '2026-03-22T20:00:00+01:00', 'antwerpen', { price: { amount: 5, currency: 'EUR' } }),
    ]);
    expect(matchIds(film, { cities: ['Gent'], maxPrice: 10 })).toEqual([]);
    expect(matchIds(film, { cities: ['Antwerpen'], maxPrice: 10 })).toEqual(['antwerpen-cheap']);
  });

  it('exposes the place constraints alone, for narrowing by venue', () => {
    expect(compileFilters({ maxPrice: 3 }, now).placeTest).toBeUndefined();
    const placeTest = compileFilters({ cities: ['gent'], maxPrice: 3 }, now).placeTest;
    expect(placeTest?.({ venue: 'sphinx cinema', city: 'gent', country: 'BE' })).toBe(true);
    expect(placeTest?.({ venue: 'le parc', city: 'liege', country: 'BE' })).toBe(false);
  });
});
