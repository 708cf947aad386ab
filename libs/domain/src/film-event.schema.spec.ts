import { FilmEventSchema } from './film-event.schema';
import { parseJson } from './parse';

const valid = {
  type: 'film.added',
  eventId: 'e1',
  version: 1,
  occurredAt: '2026-11-23T10:00:00+01:00',
  film: {
    id: 'backstage-2023',
    titles: { en: 'Backstage' },
    synopses: { nl: 'De film werpt een unieke blik op een dansgezelschap.', en: 'A dance troupe.' },
    screenings: [
      {
        id: 's1',
        start: '2026-11-30T20:45:00+01:00',
        end: '2026-11-30T22:27:00+01:00',
        timeZone: 'Europe/Brussels',
        venue: { name: 'Vega 2', city: 'Gent', country: 'BE' },
      },
    ],
  },
};

const reasonFor = (value: unknown): string => {
  const result = parseJson(FilmEventSchema, JSON.stringify(value));
  if (result.ok) throw new Error('expected a rejection');
  return result.reason;
};

describe('FilmEventSchema', () => {
  it('accepts a film event and fills defaults', () => {
    const result = parseJson(FilmEventSchema, Buffer.from(JSON.stringify(valid)));
    expect(result.ok).toBe(true);
    if (result.ok && result.value.type !== 'film.removed') {
      expect(result.value.film.directors).toEqual([]);
      expect(result.value.film.synopses.nl).toContain('dansgezelschap');
    }
  });

  it('names the offending field', () => {
    expect(reasonFor({ ...valid, version: -1 })).toMatch(/^version:/);
    expect(reasonFor({ ...valid, type: 'film.renamed' })).toMatch(/type/);
    const badZone = structuredClone(valid);
    badZone.film.screenings[0].timeZone = 'Mars/Olympus';
    expect(reasonFor(badZone)).toMatch(/film\.screenings\.0\.timeZone: must be an IANA time zone/);
    const endBeforeStart = structuredClone(valid);
    endBeforeStart.film.screenings[0].end = '2026-11-30T19:00:00+01:00';
    expect(reasonFor(endBeforeStart)).toMatch(/film\.screenings\.0\.end: end must be after start/);
    expect(reasonFor({ ...valid, film: { ...valid.film, titles: { 'not a tag!': 'x' } } })).toMatch(/film\.titles/);
  });

  it('rejects malformed JSON, oversized payloads and prototype keys', () => {
    expect(parseJson(FilmEventSchema, '{"type":')).toMatchObject({ ok: false, reason: expect.stringMatching(/malformed JSON/) });
    expect(parseJson(FilmEventSchema, Buffer.alloc(2_000_000, 32))).toMatchObject({ ok: false, reason: expect.stringMatching(/limit/) });
    const polluted = JSON.stringify(valid).replace('"eventId"', '"__proto__":{"admin":true},"eventId"');
    expect(parseJson(FilmEventSchema, polluted)).toEqual({ ok: false, reason: 'forbidden key "__proto__"' });
    const escaped = JSON.stringify(valid).replace('"film":{', '"film":{"\\u0063onstructor":{"name":"x"},');
    expect(parseJson(FilmEventSchema, escaped)).toEqual({ ok: false, reason: 'forbidden key "constructor"' });
    expect(parseJson(FilmEventSchema, null)).toEqual({ ok: false, reason: 'empty message' });
  });

  it('rejects unknown fields instead of silently dropping them', () => {
    expect(reasonFor({ ...valid, film: { ...valid.film, colour: 'red' } })).toMatch(/colour/);
  });

  it('accepts only http(s) links, so no script URL is ever served', () => {
    const withLinks = (links: { url?: string; image?: string; bookingUrl?: string }) => {
      const event = structuredClone(valid) as typeof valid & { film: Record<string, unknown> };
      const { bookingUrl, ...film } = links;
      Object.assign(event.film, film);
      if (bookingUrl !== undefined) Object.assign(event.film.screenings[0], { bookingUrl });
      return event;
    };
    const links = { url: 'https://example.org/film', image: 'http://example.org/poster.jpg', bookingUrl: 'https://tickets.example.org/1' };
    expect(parseJson(FilmEventSchema, JSON.stringify(withLinks(links))).ok).toBe(true);
    for (const script of [
      'javascript:alert(1)',
      'JavaScript:alert(document.cookie)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'ftp://example.org/x',
    ]) {
      expect(reasonFor(withLinks({ url: script }))).toBe('film.url: must be an http:// or https:// URL');
      expect(reasonFor(withLinks({ image: script }))).toBe('film.image: must be an http:// or https:// URL');
      expect(reasonFor(withLinks({ bookingUrl: script }))).toBe('film.screenings.0.bookingUrl: must be an http:// or https:// URL');
    }
  });

  it('accepts removals by film id', () => {
    const removal = { type: 'film.removed', eventId: 'e2', version: 3, occurredAt: '2026-11-23T10:00:00Z', filmId: 'backstage-2023' };
    expect(parseJson(FilmEventSchema, JSON.stringify(removal)).ok).toBe(true);
  });
});
