import type { ExplanationMessages } from './explanation-messages';

/** Dutch explanations. */
export const nl: ExplanationMessages = {
  sameDirector: (names) => `Zelfde regisseur: ${names}`,
  sharedCast: (names) => `Ook met ${names}`,
  alsoAbout: (topics) => `Ook over ${topics}`,
  sameGenre: (genres) => `Zelfde genre: ${genres}`,
  screens: (date, city) => `Speelt ${date} in ${city}`,
  distance: (km) => `Op ${km} km van jou`,
};
