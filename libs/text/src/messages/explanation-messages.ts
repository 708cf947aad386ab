/** The sentences of explanations in one language (one catalogue per language, next to this file); lists arrive already joined. */
export interface ExplanationMessages {
  sameDirector(names: string): string;
  sharedCast(names: string): string;
  alsoAbout(topics: string): string;
  sameGenre(genres: string): string;
  screens(date: string, city: string): string;
  distance(km: string): string;
}
