import { FilmSchema, type Film, type FilmInput, type Screening, type Venue } from '@marquee/domain';

interface TestVenue {
  venue: Venue;
  timeZone: string;
}

/** Real venues with approximate coordinates: Gent–Antwerpen ≈ 51 km, Gent–Amsterdam ≈ 160 km. */
export const VENUES = {
  gent: {
    venue: { name: 'Sphinx Cinema', city: 'Gent', region: 'Oost-Vlaanderen', country: 'BE', lat: 51.054, lon: 3.7193 },
    timeZone: 'Europe/Brussels',
  },
  antwerpen: {
    venue: { name: "Cinema Cartoon's", city: 'Antwerpen', region: 'Antwerpen', country: 'BE', lat: 51.2209, lon: 4.3985 },
    timeZone: 'Europe/Brussels',
  },
  liege: {
    venue: { name: 'Le Parc', city: 'Liège', region: 'Liège', country: 'BE', lat: 50.6292, lon: 5.5797 },
    timeZone: 'Europe/Brussels',
  },
  amsterdam: {
    venue: { name: 'Eye Filmmuseum', city: 'Amsterdam', region: 'Noord-Holland', country: 'NL', lat: 52.3843, lon: 4.9009 },
    timeZone: 'Europe/Amsterdam',
  },
  /** No coordinates published. */
  tienen: { venue: { name: 'huisvandeMens Tienen', city: 'Tienen', country: 'BE' }, timeZone: 'Europe/Brussels' },
  newYork: { venue: { name: 'Film Forum', city: 'New York', country: 'US', lat: 40.7284, lon: -74.0044 }, timeZone: 'America/New_York' },
} satisfies Record<string, TestVenue>;

export type VenueKey = keyof typeof VENUES;

/** A screening at one of the test venues; `start` is an ISO date-time with offset. */
export const screeningAt = (id: string, start: string, at: VenueKey, extra: Partial<Screening> = {}): Screening => ({
  id,
  start,
  timeZone: VENUES[at].timeZone,
  venue: { ...VENUES[at].venue },
  price: { amount: 9, currency: 'EUR' },
  ...extra,
});

/** A valid film with exactly these screenings. */
export const filmWith = (id: string, screenings: Screening[], overrides: Partial<FilmInput> = {}): Film =>
  FilmSchema.parse({ id, titles: { en: id }, synopses: { en: `A film called ${id}.` }, screenings, ...overrides });
