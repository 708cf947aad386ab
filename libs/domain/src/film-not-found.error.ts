/** A film id that the catalogue does not hold (never added, or removed). */
export class FilmNotFoundError extends Error {
  constructor(readonly filmId: string) {
    super(`No event with id "${filmId}"`);
    this.name = 'FilmNotFoundError';
  }
}
