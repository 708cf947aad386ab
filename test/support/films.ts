import { FilmEventSchema, FilmSchema, type Film, type FilmEvent, type FilmInput } from '@marquee/domain';

const HOUR = 3_600_000;

/** A valid film for tests; screenings `hoursFromNow` after `now` (negative = in the past). */
export const testFilm = (id: string, overrides: Partial<FilmInput> = {}, options: { now?: Date; hoursFromNow?: number[] } = {}): Film => {
  const now = options.now ?? new Date();
  const screenings = (options.hoursFromNow ?? [48]).map((h, i) => {
    const start = new Date(now.getTime() + h * HOUR);
    return {
      id: `${id}-s${i}`,
      start: start.toISOString(),
      end: new Date(start.getTime() + 2 * HOUR).toISOString(),
      timeZone: 'Europe/Brussels',
      venue: { name: 'Cultuurcentrum De Spil', city: 'Roeselare', region: 'West-Vlaanderen', country: 'BE', lat: 50.946, lon: 3.123 },
      price: { amount: 9.5, currency: 'EUR' },
    };
  });
  return FilmSchema.parse({ id, titles: { en: id }, synopses: { en: `A film called ${id}.` }, screenings, ...overrides });
};

let sequence = 0;

export const addedEvent = (film: Film, version = 1): FilmEvent =>
  FilmEventSchema.parse({
    type: version === 1 ? 'film.added' : 'film.updated',
    eventId: `evt-${film.id}-${version}-${(sequence += 1)}`,
    version,
    occurredAt: new Date().toISOString(),
    film,
  });

export const removedEvent = (filmId: string, version: number): FilmEvent =>
  FilmEventSchema.parse({
    type: 'film.removed',
    eventId: `evt-${filmId}-removed-${(sequence += 1)}`,
    version,
    occurredAt: new Date().toISOString(),
    filmId,
  });
