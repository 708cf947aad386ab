import type { NewsletterMessages } from './newsletter-messages';

export const fr: NewsletterMessages = {
  subject: (count) => `${count} séances choisies pour vous`,
  preheader: (count) => `${count} séances à venir auxquelles vous pouvez encore assister`,
  heading: 'Choisi pour vous',
  personalSection: 'Pour vous',
  popularSection: 'Populaire près de chez vous',
  becauseYouLiked: (title) => `Parce que vous avez aimé ${title}`,
  popularNearYou: (city) => (city ? `Populaire à ${city}` : 'Populaire près de chez vous'),
  book: 'Réserver',
  moreInfo: 'En savoir plus',
  textVersion: 'Version texte',
  whyYouGetThis: 'Vous recevez ce message car vous êtes inscrit aux suggestions personnelles.',
  unsubscribe: 'Se désabonner',
  free: 'gratuit',
};
