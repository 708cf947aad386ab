import type { ExplanationMessages } from './explanation-messages';

/** French explanations. */
export const fr: ExplanationMessages = {
  sameDirector: (names) => `Même réalisateur\u00a0: ${names}`,
  sharedCast: (names) => `Avec aussi ${names}`,
  alsoAbout: (topics) => `Parle aussi de\u00a0: ${topics}`,
  sameGenre: (genres) => `Même genre\u00a0: ${genres}`,
  screens: (date, city) => `Projeté le ${date} à ${city}`,
  distance: (km) => `À ${km}\u00a0km de vous`,
  becauseYouLiked: (title) => `Parce que vous avez aimé ${title}`,
  becauseYouBooked: (title) => `Parce que vous avez réservé ${title}`,
  becauseYouViewed: (title) => `Parce que vous avez consulté ${title}`,
  alsoLikedBy: (title) => `Ceux qui ont aimé ${title} ont aussi aimé ceci`,
  popularThisWeek: (city) => `Populaire à ${city} cette semaine`,
  popularIn: (city) => `Populaire à ${city}`,
  popular: () => 'Populaire en ce moment',
};
