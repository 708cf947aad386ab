import type { Film, Screening } from '@marquee/domain';
import { excerpt, pickLocalized } from '@marquee/text';
import { upcomingScreenings } from './screenings';

export interface ScreeningCard {
  id: string;
  start: string;
  end?: string;
  timeZone: string;
  venue: { name: string; city: string; region?: string; country: string };
  price?: { amount: number; currency: string };
  bookingUrl?: string;
}

/** A film as listing sites show it: one card per film, with its next screenings. */
export interface EventCard {
  id: string;
  title: string;
  titleLanguage: string;
  /** An excerpt (up to `synopsisMaxChars`) on cards in lists; the whole text at `GET /events/:id`. */
  synopsis?: string;
  synopsisLanguage?: string;
  /** Set when `synopsis` is an excerpt of a longer text. */
  synopsisTruncated?: true;
  directors: string[];
  year?: number;
  genres: string[];
  image?: string;
  url?: string;
  upcomingScreeningCount: number;
  nextScreenings: ScreeningCard[];
}

export interface CardOptions {
  languages: readonly string[];
  now: Date;
  maxScreenings: number;
  /** Longest synopsis a card carries (cut at a word boundary); undefined: the whole text. */
  synopsisMaxChars?: number;
  /** The screenings to show (e.g. those matching a query), soonest first; default: every upcoming one. */
  screenings?: readonly Screening[];
}

const toScreeningCard = (s: Screening): ScreeningCard => ({
  id: s.id,
  start: s.start,
  end: s.end,
  timeZone: s.timeZone,
  venue: { name: s.venue.name, city: s.venue.city, region: s.venue.region, country: s.venue.country },
  price: s.price,
  bookingUrl: s.bookingUrl,
});

export const toEventCard = (film: Film, { languages, now, maxScreenings, synopsisMaxChars, screenings }: CardOptions): EventCard => {
  const title = pickLocalized(film.titles, languages) ?? { lang: 'und', text: film.id };
  const synopsis = pickLocalized(film.synopses, languages);
  const synopsisText = synopsis && synopsisMaxChars !== undefined ? excerpt(synopsis.text, synopsisMaxChars) : synopsis?.text;
  const upcoming = screenings ?? upcomingScreenings(film, now);
  return {
    id: film.id,
    title: title.text,
    titleLanguage: title.lang,
    synopsis: synopsisText,
    synopsisLanguage: synopsis?.lang,
    ...(synopsis && synopsisText !== synopsis.text ? { synopsisTruncated: true as const } : {}),
    directors: film.directors,
    year: film.year,
    genres: film.genres,
    image: film.image,
    url: film.url,
    upcomingScreeningCount: upcoming.length,
    nextScreenings: upcoming.slice(0, maxScreenings).map(toScreeningCard),
  };
};
