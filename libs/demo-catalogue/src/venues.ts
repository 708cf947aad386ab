import type { Venue } from '@marquee/domain';

export interface DemoVenue {
  /** Short stable name used in screening ids and booking urls. */
  key: string;
  venue: Venue;
  timeZone: 'Europe/Brussels' | 'Europe/Amsterdam';
  /** Regular ticket price in EUR. */
  price: number;
  /** Subtitles a film in another language usually gets there. */
  subtitleLanguages: string[];
  /** False for places that host an occasional film evening rather than a film programme. */
  regularProgramme: boolean;
}

type Place = Omit<Venue, 'country'>;

const withCountry = ({ lat, lon, ...place }: Place, country: string): Venue => ({ ...place, country, lat, lon });

const belgian = (key: string, venue: Place, price: number, regularProgramme = true): DemoVenue => ({
  key,
  venue: withCountry(venue, 'BE'),
  timeZone: 'Europe/Brussels',
  price,
  subtitleLanguages: ['nl', 'fr'],
  regularProgramme,
});

const dutch = (key: string, venue: Place, price: number): DemoVenue => ({
  key,
  venue: withCountry(venue, 'NL'),
  timeZone: 'Europe/Amsterdam',
  price,
  subtitleLanguages: ['nl'],
  regularProgramme: true,
});

/**
 * Real cinemas and cultural centres in Flanders, Brussels and the Netherlands.
 * Coordinates approximate each venue's street address (huisvandeMens Tienen: the town centre);
 * prices are plausible, not the venues' current tariffs.
 */
export const DEMO_VENUES: readonly DemoVenue[] = [
  belgian('de-spil', { name: 'Cultuurcentrum De Spil', city: 'Roeselare', region: 'West-Vlaanderen', lat: 50.9486, lon: 3.1289 }, 9),
  belgian('klappei', { name: 'Filmhuis Klappei', city: 'Antwerpen', region: 'Antwerpen', lat: 51.2262, lon: 4.4241 }, 7),
  belgian('cartoons', { name: "Cinema Cartoon's", city: 'Antwerpen', region: 'Antwerpen', lat: 51.2209, lon: 4.3985 }, 11),
  belgian(
    'huisvandemens-tienen',
    { name: 'huisvandeMens Tienen', city: 'Tienen', region: 'Vlaams-Brabant', lat: 50.8073, lon: 4.938 },
    5,
    false,
  ),
  belgian('zed', { name: 'Cinema ZED', city: 'Leuven', region: 'Vlaams-Brabant', lat: 50.8738, lon: 4.7018 }, 10),
  belgian('lumiere-brugge', { name: 'Cinema Lumière', city: 'Brugge', region: 'West-Vlaanderen', lat: 51.2095, lon: 3.2216 }, 10.5),
  belgian('sphinx', { name: 'Sphinx Cinema', city: 'Gent', region: 'Oost-Vlaanderen', lat: 51.054, lon: 3.7193 }, 10.5),
  belgian(
    'galeries',
    { name: 'Cinema Galeries', city: 'Brussel', region: 'Brussels Hoofdstedelijk Gewest', lat: 50.8474, lon: 4.3555 },
    11,
  ),
  dutch('eye', { name: 'Eye Filmmuseum', city: 'Amsterdam', region: 'Noord-Holland', lat: 52.3844, lon: 4.9008 }, 13),
  dutch('lantarenvenster', { name: 'LantarenVenster', city: 'Rotterdam', region: 'Zuid-Holland', lat: 51.9054, lon: 4.487 }, 12.5),
  dutch('filmhuis-den-haag', { name: 'Filmhuis Den Haag', city: 'Den Haag', region: 'Zuid-Holland', lat: 52.0768, lon: 4.316 }, 12.5),
  dutch('louis-hartlooper', { name: 'Louis Hartlooper Complex', city: 'Utrecht', region: 'Utrecht', lat: 52.0843, lon: 5.1236 }, 12),
  dutch('lumiere-maastricht', { name: 'Lumière Cinema', city: 'Maastricht', region: 'Limburg', lat: 50.8563, lon: 5.6954 }, 12),
  dutch('lux', { name: 'LUX', city: 'Nijmegen', region: 'Gelderland', lat: 51.8458, lon: 5.868 }, 11.5),
];

export const demoVenue = (key: string): DemoVenue => {
  const found = DEMO_VENUES.find((venue) => venue.key === key);
  if (!found) throw new Error(`unknown demo venue "${key}"`);
  return found;
};
