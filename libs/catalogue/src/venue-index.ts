import type { Film } from '@marquee/domain';
import { factsOf, type PlaceFacts } from './film-facts';

interface VenueEntry {
  place: PlaceFacts;
  films: Set<string>;
}

const keyOf = (place: PlaceFacts): string => `${place.country}|${place.city}|${place.venue}`;

/**
 * Films by the venues they screen at. Venues are few next to films, so a place constraint
 * (city, region, country, venue, radius) is answered by testing venues, not films.
 */
export class VenueIndex {
  private readonly venues = new Map<string, VenueEntry>();
  private readonly venuesOfFilm = new Map<string, string[]>();

  /**
   * Indexes a film's venues, replacing those of its previous version. Its filter facts are built
   * here, once per version, rather than inside the first request's index search that meets it.
   */
  put(film: Film): void {
    this.putPlaces(
      film.id,
      factsOf(film).screenings.map((screening) => screening.place),
    );
  }

  /** Indexes a film at these places (e.g. from a snapshot), replacing its previous ones. */
  putPlaces(filmId: string, places: readonly PlaceFacts[]): void {
    this.delete(filmId);
    const keys = new Set<string>();
    for (const place of places) {
      const key = keyOf(place);
      keys.add(key);
      let entry = this.venues.get(key);
      if (!entry) {
        entry = { place, films: new Set() };
        this.venues.set(key, entry);
      }
      entry.films.add(filmId);
    }
    if (keys.size) this.venuesOfFilm.set(filmId, [...keys]);
  }

  /** The distinct places a film screens at, as `putPlaces` takes them. */
  placesOf(filmId: string): PlaceFacts[] {
    return (this.venuesOfFilm.get(filmId) ?? []).map((key) => (this.venues.get(key) as VenueEntry).place);
  }

  delete(filmId: string): void {
    for (const key of this.venuesOfFilm.get(filmId) ?? []) {
      const entry = this.venues.get(key);
      entry?.films.delete(filmId);
      if (entry?.films.size === 0) this.venues.delete(key);
    }
    this.venuesOfFilm.delete(filmId);
  }

  /** Ids of films with a screening at a venue that passes the test (any of their screenings, not necessarily one that matches the rest). */
  filmsAt(test: (place: PlaceFacts) => boolean): Set<string> {
    const films = new Set<string>();
    for (const entry of this.venues.values()) {
      if (test(entry.place)) for (const id of entry.films) films.add(id);
    }
    return films;
  }

  /** Distinct venues indexed. */
  size(): number {
    return this.venues.size;
  }
}
