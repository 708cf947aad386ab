/** The sentences of explanations in one language (one catalogue per language, next to this file); lists arrive already joined. */
export interface ExplanationMessages {
  sameDirector(names: string): string;
  sharedCast(names: string): string;
  alsoAbout(topics: string): string;
  sameGenre(genres: string): string;
  screens(date: string, city: string): string;
  distance(km: string): string;
  /** Personal lists: the film of the user's history a result is closest to, by what the user did with it. */
  becauseYouLiked(title: string): string;
  becauseYouBooked(title: string): string;
  becauseYouViewed(title: string): string;
  /** Collaborative signal: people who engaged with `title` engaged with this result too. */
  alsoLikedBy(title: string): string;
  /** Cold start and popularity: popular where the result screens, within the coming week or later. */
  popularThisWeek(city: string): string;
  popularIn(city: string): string;
  popular(): string;
}
