import type { Film, Screening, Venue } from '@marquee/domain';
import { fold, primaryLanguage, themesOf } from '@marquee/text';
import { localDate } from './local-date';

/** A venue with its names folded for matching. */
export interface PlaceFacts {
  venue: string;
  city: string;
  region?: string;
  country: string;
  lat?: number;
  lon?: number;
}

export const placeFacts = (venue: Venue): PlaceFacts => ({
  venue: fold(venue.name),
  city: fold(venue.city),
  region: venue.region === undefined ? undefined : fold(venue.region),
  country: venue.country,
  lat: venue.lat,
  lon: venue.lon,
});

export interface ScreeningFacts {
  screening: Screening;
  startMs: number;
  place: PlaceFacts;
  /** Primary subtags of every language the screening can be followed in: spoken or subtitled. */
  readable: ReadonlySet<string>;
  /** The date on the venue's clocks (YYYY-MM-DD), computed on first use: Intl formatting is slow. */
  localDay?: string;
}

export const localDayOf = (facts: ScreeningFacts): string => (facts.localDay ??= localDate(facts.startMs, facts.screening.timeZone));

/** What filters read from a film, parsed and folded once per film version. */
export interface FilmFacts {
  /** Soonest first. */
  screenings: readonly ScreeningFacts[];
  /** Folded. */
  genres: readonly string[];
}

/** What ranking compares between two films, folded; built only for the films a request ranks. */
export interface CreditFacts {
  genres: ReadonlySet<string>;
  tags: ReadonlySet<string>;
  directors: ReadonlySet<string>;
  cast: ReadonlySet<string>;
  countries: ReadonlySet<string>;
  /** Theme ids (THEMES of @marquee/text) found in the synopses in any language, genres and tags, most specific first. */
  themes: ReadonlySet<string>;
}

// Keyed by the film object: an update replaces the object, so stale facts are never read and are collected.
const filmFacts = new WeakMap<Film, FilmFacts>();
const creditFacts = new WeakMap<Film, CreditFacts>();

// A catalogue has few venues and few language combinations next to its screenings: one object each.
const places = new Map<string, PlaceFacts>();
const languageSets = new Map<string, ReadonlySet<string>>();

/** The venue's facts, one object per distinct venue: folding its names per screening would cost more than the lookup. */
export const internedPlace = (venue: Venue): PlaceFacts => {
  // A join is far cheaper than JSON.stringify; \u0001 stands for a missing region, which no name contains.
  const key = [venue.name, venue.city, venue.region ?? '\u0001', venue.country, venue.lat, venue.lon].join('\u0000');
  let place = places.get(key);
  if (!place) {
    place = placeFacts(venue);
    places.set(key, place);
  }
  return place;
};

const internedLanguages = (tags: readonly string[]): ReadonlySet<string> => {
  const primaries = [...new Set(tags.map(primaryLanguage))].sort();
  const key = primaries.join(',');
  let set = languageSets.get(key);
  if (!set) {
    set = new Set(primaries);
    languageSets.set(key, set);
  }
  return set;
};

const screeningFacts = (film: Film, screening: Screening): ScreeningFacts => ({
  screening,
  startMs: Date.parse(screening.start),
  place: internedPlace(screening.venue),
  // Per-screening subtitles add to the film's: a venue may subtitle a print that has none.
  readable: internedLanguages([...film.spokenLanguages, ...film.subtitleLanguages, ...(screening.subtitleLanguages ?? [])]),
});

export const factsOf = (film: Film): FilmFacts => {
  let facts = filmFacts.get(film);
  if (!facts) {
    facts = {
      screenings: film.screenings.map((s) => screeningFacts(film, s)).sort((a, b) => a.startMs - b.startMs),
      genres: film.genres.map(fold),
    };
    filmFacts.set(film, facts);
  }
  return facts;
};

const foldedSet = (values: readonly string[]): Set<string> => new Set(values.map(fold));

export const creditsOf = (film: Film): CreditFacts => {
  let credits = creditFacts.get(film);
  if (!credits) {
    credits = {
      genres: new Set(factsOf(film).genres),
      tags: foldedSet(film.tags),
      directors: foldedSet(film.directors),
      cast: foldedSet(film.cast),
      countries: new Set(film.countries),
      themes: new Set(themesOf(Object.values(film.synopses), film.genres, film.tags)),
    };
    creditFacts.set(film, credits);
  }
  return credits;
};
