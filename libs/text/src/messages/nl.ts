import type { ExplanationMessages } from './explanation-messages';

/** Dutch explanations. */
export const nl: ExplanationMessages = {
  sameDirector: (names) => `Zelfde regisseur: ${names}`,
  sharedCast: (names) => `Ook met ${names}`,
  alsoAbout: (topics) => `Ook over ${topics}`,
  sameGenre: (genres) => `Zelfde genre: ${genres}`,
  screens: (date, city) => `Speelt ${date} in ${city}`,
  distance: (km) => `Op ${km} km van jou`,
  becauseYouLiked: (title) => `Omdat je ${title} leuk vond`,
  becauseYouBooked: (title) => `Omdat je ${title} boekte`,
  becauseYouViewed: (title) => `Omdat je ${title} bekeek`,
  alsoLikedBy: (title) => `Wie ${title} leuk vond, vond dit ook leuk`,
  popularThisWeek: (city) => `Populair in ${city} deze week`,
  popularIn: (city) => `Populair in ${city}`,
  popular: () => 'Nu populair',
};
