/** The words of a newsletter in one language (one catalogue per language, next to this file). */
export interface NewsletterMessages {
  subject(count: number, edition: string): string;
  preheader(count: number): string;
  heading: string;
  personalSection: string;
  popularSection: string;
  becauseYouLiked(title: string): string;
  popularNearYou(city: string | undefined): string;
  book: string;
  moreInfo: string;
  textVersion: string;
  whyYouGetThis: string;
  unsubscribe: string;
  free: string;
}
