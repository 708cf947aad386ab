import type { ExplanationMessages } from './explanation-messages';

/** English explanations. */
export const en: ExplanationMessages = {
  sameDirector: (names) => `Same director: ${names}`,
  sharedCast: (names) => `Also starring ${names}`,
  alsoAbout: (topics) => `Also about ${topics}`,
  sameGenre: (genres) => `Same genre: ${genres}`,
  screens: (date, city) => `Screens ${date} in ${city}`,
  distance: (km) => `${km} km from you`,
};
