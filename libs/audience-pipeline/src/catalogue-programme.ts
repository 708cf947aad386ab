import { factsOf, type FilmCatalogue } from '@marquee/catalogue';
import type { Programme, ProgrammedScreening } from '@marquee/audience';
import { pickLocalized } from '@marquee/text';

/** The programme as the catalogue replica knows it (cities and venues folded, as aggregates key them). */
export class CatalogueProgramme implements Programme {
  constructor(private readonly catalogue: FilmCatalogue) {}

  *screeningsBetween(fromMs: number, toMs: number): Iterable<ProgrammedScreening> {
    for (const { film } of this.catalogue.films()) {
      for (const screening of factsOf(film).screenings) {
        if (screening.startMs >= toMs) break; // soonest first
        if (screening.startMs >= fromMs)
          yield { filmId: film.id, city: screening.place.city, venue: screening.place.venue, startMs: screening.startMs };
      }
    }
  }

  filmTitle(filmId: string, language: string): string | undefined {
    const film = this.catalogue.get(filmId)?.film;
    return film === undefined ? undefined : pickLocalized(film.titles, [language])?.text;
  }
}
