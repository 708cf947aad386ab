import type { z } from 'zod';
import { validate } from '@marquee/domain';
import { ListEventsQuerySchema, RelatedQuerySchema, SearchQuerySchema } from './events.schemas';
import { eventFilters, recommendationRequest } from './recommendation-query';

const reasonFor = (query: Record<string, unknown>, schema: z.ZodType = RelatedQuerySchema): string => {
  const result = validate(schema, query);
  if (result.ok) throw new Error(`expected ${JSON.stringify(query)} to be refused`);
  return result.reason;
};

describe('related and search query schemas', () => {
  it('reads page and pageSize of the listing as decimal whole numbers only', () => {
    expect(validate(ListEventsQuerySchema, { page: '2', pageSize: '50' })).toMatchObject({ ok: true, value: { page: 2, pageSize: 50 } });
    expect(validate(ListEventsQuerySchema, {})).toMatchObject({ ok: true, value: { page: 1, pageSize: 20 } });
    expect(reasonFor({ page: '0x2' }, ListEventsQuerySchema)).toMatch(/^page: must be a whole number in decimal digits/);
    expect(reasonFor({ pageSize: '1e1' }, ListEventsQuerySchema)).toMatch(/^pageSize: must be a whole number in decimal digits/);
    expect(reasonFor({ q: ['a', 'b'] }, ListEventsQuerySchema)).toBe('q: give it once, not repeated');
  });

  it('parses every filter, from comma lists or repeated parameters', () => {
    const result = validate(RelatedQuerySchema, {
      from: '2026-03-24',
      to: '2026-03-31T23:00:00+02:00',
      city: ['Gent', 'Antwerpen,Leuven'],
      country: 'be',
      lat: '51.05',
      lon: '3.72',
      radiusKm: '25',
      languages: 'nl,en',
      maxAge: '12',
      maxPrice: '9.5',
      currency: 'EUR',
      genres: 'Documentary',
      excludeGenres: 'Horror,Comedy',
      diversity: '0.4',
      limit: '500',
      lang: 'nl-BE',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const request = recommendationRequest(result.value, undefined, 50, new Date('2026-03-20T12:00:00Z'));
    expect(request).toMatchObject({
      limit: 50,
      languages: ['nl-BE'],
      origin: { lat: 51.05, lon: 3.72 },
      diversity: 0.4,
      filters: {
        cities: ['Gent', 'Antwerpen', 'Leuven'],
        countries: ['be'],
        near: { lat: 51.05, lon: 3.72, radiusKm: 25 },
        languages: ['nl', 'en'],
        maxAge: 12,
        maxPrice: 9.5,
        excludeGenres: ['Horror', 'Comedy'],
      },
    });
  });

  it('sets no filters when none are given, and a position without radius only ranks', () => {
    const plain = validate(RelatedQuerySchema, {});
    expect(plain.ok && eventFilters(plain.value)).toBeUndefined();
    const positioned = validate(RelatedQuerySchema, { lat: '51', lon: '4' });
    expect(positioned.ok && recommendationRequest(positioned.value, undefined, 50, new Date())).toMatchObject({
      filters: undefined,
      origin: { lat: 51, lon: 4 },
    });
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['from after to', { from: '2026-03-25', to: '2026-03-24' }, /^from: must not be after to/],
    ['from after to as instants', { from: '2026-03-24T20:00:00Z', to: '2026-03-24T19:00:00Z' }, /^from: must not be after to/],
    ['a malformed date', { from: 'tomorrow' }, /^from: must be a date/],
    ['an impossible date', { to: '2026-02-30' }, /^to: is not a valid date/],
    ['lat without lon', { lat: '51' }, /^lon: is required with lat/],
    ['lon without lat', { lon: '4' }, /^lat: is required with lon/],
    ['radiusKm without lat and lon', { radiusKm: '10' }, /radiusKm: needs lat and lon/],
    ['latitude 200', { lat: '200', lon: '4' }, /^lat: .*90/],
    ['longitude -181', { lat: '50', lon: '-181' }, /^lon: .*-180/],
    ['an empty latitude', { lat: '', lon: '4' }, /^lat: must be a number/],
    ['a zero radius', { lat: '50', lon: '4', radiusKm: '0' }, /^radiusKm:/],
    ['a negative price', { maxPrice: '-1' }, /^maxPrice:/],
    ['currency without maxPrice', { currency: 'EUR' }, /^currency: applies only with maxPrice/],
    ['a bad currency', { maxPrice: '5', currency: 'euro' }, /^currency:/],
    ['a fractional age', { maxAge: '12.5' }, /^maxAge:/],
    ['an age above 21', { maxAge: '30' }, /^maxAge:/],
    ['a bad country', { country: 'Belgium' }, /^country/],
    ['a bad language', { languages: 'nl,not a tag' }, /^languages/],
    ['a genre both included and excluded', { genres: 'Drama', excludeGenres: 'drama' }, /^excludeGenres: "Drama" is also in genres/],
    ['diversity above 1', { diversity: '1.5' }, /^diversity:/],
    ['too many cities', { city: Array.from({ length: 21 }, (_, i) => `c${i}`).join(',') }, /^city: at most 20/],
    ['an over-long city', { city: 'x'.repeat(121) }, /^city/],
    ['an empty city list', { city: ',' }, /^city: must not be empty/],
    ['an unknown parameter', { colour: 'red' }, /colour/],
    ['limit 0', { limit: '0' }, /^limit:/],
    ['a hexadecimal limit', { limit: '0x10' }, /^limit: must be a whole number in decimal digits/],
    ['a limit in exponent notation', { limit: '1e2' }, /^limit: must be a whole number in decimal digits/],
    ['a limit with a space', { limit: ' 5' }, /^limit: must be a whole number in decimal digits/],
    ['a fractional limit', { limit: '2.5' }, /^limit: must be a whole number in decimal digits/],
    ['a latitude in exponent notation', { lat: '5e1', lon: '4' }, /^lat: must be a number in decimal digits/],
    ['a repeated limit', { limit: ['3', '4'] }, /^limit: give it once, not repeated/],
    ['a repeated diversity', { diversity: ['0.1', '0.2'] }, /^diversity: give it once, not repeated/],
    ['a repeated from', { from: ['2026-03-24', '2026-03-25'] }, /^from: give it once, not repeated/],
    [
      'an offset whose + arrived as a space',
      { from: '2026-03-24T20:00:00 01:00' },
      /^from: has a space before its offset: .* send it as %2B \(2026-03-24T20:00:00%2B01:00\)/,
    ],
  ])('refuses %s, naming the field', (_case, query, message) => {
    expect(reasonFor(query)).toMatch(message);
  });

  it('requires a search text of at most 500 characters', () => {
    expect(reasonFor({}, SearchQuerySchema)).toMatch(/^q: is required/);
    expect(reasonFor({ q: ['a', 'b'] }, SearchQuerySchema)).toBe('q: give it once, not repeated');
    expect(reasonFor({ q: '   ' }, SearchQuerySchema)).toMatch(/^q: must not be empty/);
    expect(reasonFor({ q: 'x'.repeat(501) }, SearchQuerySchema)).toMatch(/^q: must be at most 500 characters/);
    expect(reasonFor({ q: 'migratie', lat: '51' }, SearchQuerySchema)).toMatch(/^lon:/);
    expect(validate(SearchQuerySchema, { q: ' films over migratie in Marokko ', city: 'Gent' })).toMatchObject({
      ok: true,
      value: { q: 'films over migratie in Marokko' },
    });
  });
});
