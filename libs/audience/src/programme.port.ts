/** A screening as unmet demand compares it: which film, where, when. */
export interface ProgrammedScreening {
  filmId: string;
  city: string;
  venue: string;
  startMs: number;
}

/** What analytics reads of the catalogue: the programme ahead and films' titles (the API's replica implements it). */
export interface Programme {
  screeningsBetween(fromMs: number, toMs: number): Iterable<ProgrammedScreening>;
  filmTitle(filmId: string, language: string): string | undefined;
}

export const PROGRAMME = Symbol('Programme');
