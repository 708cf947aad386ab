import type { NewsletterMessages } from './newsletter-messages';

export const en: NewsletterMessages = {
  subject: (count) => `${count} events picked for you`,
  preheader: (count) => `${count} upcoming events you can still attend`,
  heading: 'Picked for you',
  personalSection: 'For you',
  popularSection: 'Popular near you',
  becauseYouLiked: (title) => `Because you liked ${title}`,
  popularNearYou: (city) => (city ? `Popular in ${city}` : 'Popular near you'),
  book: 'Book',
  moreInfo: 'More info',
  textVersion: 'Text version',
  whyYouGetThis: 'You receive this because you subscribed to personal picks.',
  unsubscribe: 'Unsubscribe',
  free: 'free',
};
