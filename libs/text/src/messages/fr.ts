import type { ExplanationMessages } from './explanation-messages';

/** French explanations. */
export const fr: ExplanationMessages = {
  sameDirector: (names) => `Même réalisateur\u00a0: ${names}`,
  sharedCast: (names) => `Avec aussi ${names}`,
  alsoAbout: (topics) => `Parle aussi de\u00a0: ${topics}`,
  sameGenre: (genres) => `Même genre\u00a0: ${genres}`,
  screens: (date, city) => `Projeté le ${date} à ${city}`,
  distance: (km) => `À ${km}\u00a0km de vous`,
};
