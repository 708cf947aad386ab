import type { NewsletterMessages } from './newsletter-messages';

export const nl: NewsletterMessages = {
  subject: (count) => `${count} voorstellingen voor jou gekozen`,
  preheader: (count) => `${count} voorstellingen die je nog kunt bijwonen`,
  heading: 'Voor jou gekozen',
  personalSection: 'Voor jou',
  popularSection: 'Populair in de buurt',
  becauseYouLiked: (title) => `Omdat je ${title} mooi vond`,
  popularNearYou: (city) => (city ? `Populair in ${city}` : 'Populair in de buurt'),
  book: 'Reserveer',
  moreInfo: 'Meer info',
  textVersion: 'Tekstversie',
  whyYouGetThis: 'Je ontvangt dit omdat je je inschreef voor persoonlijke tips.',
  unsubscribe: 'Uitschrijven',
  free: 'gratis',
};
