import { FilmEventSchema, type FilmUpsertedEvent, validate } from '@marquee/domain';
import { backstageExampleEvent, demoFilmEvents } from './demo-film-events';

const NOW = new Date('2026-03-20T10:00:00Z'); // a Friday; Belgian DST starts on 29 March, inside the six weeks
const DAY = 24 * 60 * 60 * 1000;

const parsed = (now: Date, seed?: number): FilmUpsertedEvent[] =>
  demoFilmEvents(now, { seed }).map((event) => {
    const result = validate(FilmEventSchema, event);
    if (!result.ok) throw new Error(`${JSON.stringify(event).slice(0, 80)}: ${result.reason}`);
    return result.value as FilmUpsertedEvent;
  });

const localClock = (iso: string) => iso.slice(11, 16);
const localWeekday = (iso: string) => new Date(`${iso.slice(0, 10)}T12:00:00Z`).getUTCDay();

describe('demoFilmEvents', () => {
  it.each([
    ['spring, across the DST change', NOW, undefined],
    ['autumn, another seed', new Date('2026-10-01T22:30:00Z'), 7],
    ['late evening on New Year', new Date('2026-12-31T23:59:00Z'), 42],
  ])('gives valid film.added events only (%s)', (_label, now, seed) => {
    const events = parsed(now, seed);
    expect(events.length).toBeGreaterThanOrEqual(400);
    expect(new Set(events.map((e) => e.film.id)).size).toBe(events.length);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
    for (const event of events) {
      expect(event).toMatchObject({ type: 'film.added', version: 1, occurredAt: now.toISOString() });
    }
  });

  it('is deterministic for the same now and seed, and varies with the seed', () => {
    expect(demoFilmEvents(NOW, { seed: 3 })).toEqual(demoFilmEvents(NOW, { seed: 3 }));
    expect(demoFilmEvents(NOW)).toEqual(demoFilmEvents(new Date(NOW), { seed: 1 }));
    const schedule = (seed: number) => demoFilmEvents(NOW, { seed }).map((e) => e.type !== 'film.removed' && e.film.screenings);
    expect(schedule(3)).not.toEqual(schedule(4));
  });

  it('gives most films a future screening and leaves some with none to attend', () => {
    const events = parsed(NOW);
    const attendable = events.filter((e) => e.film.screenings.some((s) => Date.parse(s.start) > NOW.getTime()));
    expect(attendable.length / events.length).toBeGreaterThan(0.8);
    const pastOnly = events.filter((e) => e.film.screenings.length > 0 && !attendable.includes(e));
    expect(pastOnly.length).toBeGreaterThan(0);
    expect(events.some((e) => e.film.screenings.length === 0)).toBe(true);
  });

  it('places screenings in Belgian and Dutch evenings within three weeks back and six weeks ahead', () => {
    const screenings = parsed(NOW).flatMap((e) => e.film.screenings.map((s) => ({ film: e.film, s })));
    for (const { film, s } of screenings) {
      expect(Date.parse(s.start)).toBeGreaterThan(NOW.getTime() - 22 * DAY);
      expect(Date.parse(s.start)).toBeLessThan(NOW.getTime() + 43 * DAY);
      expect(['BE', 'NL']).toContain(s.venue.country);
      expect(s.timeZone).toBe(s.venue.country === 'BE' ? 'Europe/Brussels' : 'Europe/Amsterdam');
      expect(s.price?.currency ?? 'EUR').toBe('EUR');
      expect(s.bookingUrl).toMatch(/^https:\/\/tickets\.example\.org\//);
      if (film.id !== 'backstage-2023') expect(localClock(s.start) >= '19:00' && localClock(s.start) <= '21:30').toBe(true);
    }
    // Offsets follow the calendar: CET before 29 March 2026, CEST from then on.
    expect(screenings.some(({ s }) => s.start.startsWith('2026-03-2') && s.start.endsWith('+01:00'))).toBe(true);
    expect(screenings.some(({ s }) => s.start.startsWith('2026-04') && s.start.endsWith('+02:00'))).toBe(true);
  });

  it('ends screenings after they start, runtime minutes later', () => {
    const events = parsed(NOW);
    for (const { film } of events) {
      for (const s of film.screenings.filter((screening) => screening.end !== undefined)) {
        expect(Date.parse(s.end!) - Date.parse(s.start)).toBe(film.runtimeMinutes! * 60_000);
      }
    }
    const backstage = events.find((e) => e.film.id === 'backstage-2023')!.film;
    expect(backstage.screenings.filter((s) => localClock(s.start) === '20:45').map((s) => localClock(s.end!))).toEqual(['22:27', '22:27']);
  });

  it('schedules the seed events like their pages', () => {
    const films = new Map(parsed(NOW).map((e) => [e.film.id, e.film]));
    const [goodOne] = films.get('good-one-2024')!.screenings;
    expect(localWeekday(goodOne.start)).toBe(2);
    expect(goodOne.venue).toMatchObject({ name: 'Cultuurcentrum De Spil', city: 'Roeselare', region: 'West-Vlaanderen' });
    const [julian] = films.get('julian-nabespreking-tienen')!.screenings;
    expect(localWeekday(julian.start)).toBe(3);
    expect(julian.venue.name).toBe('huisvandeMens Tienen');
    expect(films.get('bird-arnold-2024')!.screenings.every((s) => s.venue.name === 'Filmhuis Klappei')).toBe(true);
    const backstage = films.get('backstage-2023')!.screenings.map((s) => [localWeekday(s.start), localClock(s.start)]);
    expect(backstage).toEqual([
      [1, '20:45'],
      [2, '20:45'],
      [5, '16:15'],
    ]);
  });
});

describe('backstageExampleEvent', () => {
  it('is the Backstage seed as a valid film.added event, as in the demo catalogue', () => {
    const event = backstageExampleEvent(NOW);
    expect(validate(FilmEventSchema, event).ok).toBe(true);
    expect(event).toEqual(demoFilmEvents(NOW).find((e) => e.type !== 'film.removed' && e.film.id === 'backstage-2023'));
    expect(event).toMatchObject({
      film: {
        titles: { en: 'Backstage' },
        directors: ['Afef Ben Mahmoud', 'Khalil Benkirane'],
        countries: ['MA', 'FR', 'BE', 'QA', 'NO'],
        year: 2023,
        runtimeMinutes: 102,
        spokenLanguages: ['ar'],
        subtitleLanguages: ['en'],
        genres: ['Drama'],
        ageLimit: 9,
      },
    });
  });
});
