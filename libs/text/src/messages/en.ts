import type { ExplanationMessages } from './explanation-messages';

/** English explanations. */
export const en: ExplanationMessages = {
  sameDirector: (names) => `Same director: ${names}`,
  sharedCast: (names) => `Also starring ${names}`,
  alsoAbout: (topics) => `Also about ${topics}`,
  sameGenre: (genres) => `Same genre: ${genres}`,
  screens: (date, city) => `Screens ${date} in ${city}`,
  distance: (km) => `${km} km from you`,
  becauseYouLiked: (title) => `Because you liked ${title}`,
  becauseYouBooked: (title) => `Because you booked ${title}`,
  becauseYouViewed: (title) => `Because you looked at ${title}`,
  alsoLikedBy: (title) => `Visitors who liked ${title} also liked this`,
  popularThisWeek: (city) => `Popular in ${city} this week`,
  popularIn: (city) => `Popular in ${city}`,
  popular: () => 'Popular right now',
};
