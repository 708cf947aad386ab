import { fold } from '@marquee/text';

/**
 * A cell is what is counted: a subject (a theme, a film, or everything) at a place (everywhere,
 * a city, a venue) in one ISO week. Keys are `subject|place`, the week kept apart.
 */
export const ALL = '*';
export type PlaceKind = 'city' | 'venue';

export const themeSubject = (themeId: string): string => `t:${themeId}`;
export const filmSubject = (filmId: string): string => `f:${filmId}`;
export const citySubject = (city: string): string => `c:${placeName(city)}`;
export const venuePlace = (venue: string): string => `v:${placeName(venue)}`;
export const cityPlace = (city: string): string => `c:${placeName(city)}`;

/** Places are matched folded ("Liège" = "liege"); `|` separates a key's parts. */
export const placeName = (name: string): string => fold(name).replace(/\|/g, ' ');

export const cellKey = (subject: string, place: string): string => `${subject}|${place}`;

export const parseCell = (cell: string): { subject: string; place: string } => {
  const bar = cell.lastIndexOf('|');
  return { subject: cell.slice(0, bar), place: cell.slice(bar + 1) };
};

/** What a place key names: `c:gent` → city gent. */
export const placeOf = (place: string): { kind: PlaceKind | 'all'; name: string } =>
  place === ALL ? { kind: 'all', name: ALL } : { kind: place.startsWith('c:') ? 'city' : 'venue', name: place.slice(2) };
