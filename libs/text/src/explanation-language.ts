import { primaryLanguage } from '../fold';

/** The sentences of explanations in one language; lists arrive already joined. */
export interface ExplanationMessages {
  sameDirector(names: string): string;
  sharedCast(names: string): string;
  alsoAbout(topics: string): string;
  sameGenre(genres: string): string;
  screens(date: string, city: string): string;
  distance(km: string): string;
}

const MESSAGES: Record<'en' | 'nl' | 'fr', ExplanationMessages> = {
  en: {
    sameDirector: (names) => `Same director: ${names}`,
    sharedCast: (names) => `Also starring ${names}`,
    alsoAbout: (topics) => `Also about ${topics}`,
    sameGenre: (genres) => `Same genre: ${genres}`,
    screens: (date, city) => `Screens ${date} in ${city}`,
    distance: (km) => `${km} km from you`,
  },
  nl: {
    sameDirector: (names) => `Zelfde regisseur: ${names}`,
    sharedCast: (names) => `Ook met ${names}`,
    alsoAbout: (topics) => `Ook over ${topics}`,
    sameGenre: (genres) => `Zelfde genre: ${genres}`,
    screens: (date, city) => `Speelt ${date} in ${city}`,
    distance: (km) => `Op ${km} km van jou`,
  },
  fr: {
    sameDirector: (names) => `Même réalisateur\u00a0: ${names}`,
    sharedCast: (names) => `Avec aussi ${names}`,
    alsoAbout: (topics) => `Parle aussi de\u00a0: ${topics}`,
    sameGenre: (genres) => `Même genre\u00a0: ${genres}`,
    screens: (date, city) => `Projeté le ${date} à ${city}`,
    distance: (km) => `À ${km}\u00a0km de vous`,
  },
};

export interface ExplanationLanguage {
  messages: ExplanationMessages;
  /** BCP-47 locale for dates and numbers, e.g. `nl-BE`. */
  locale: string;
}

const isSupported = (language: string): language is keyof typeof MESSAGES => Object.hasOwn(MESSAGES, language);

const validLocale = (tag: string): string | undefined => {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
};

/**
 * The first of the reader's languages that explanations are written in, falling back to English.
 * Dates follow the reader's own tag (nl-BE, fr-CA); a bare `en` reads dates the British way ("Tue 24 Mar"),
 * as listing sites in Europe do.
 */
export const explanationLanguage = (languages: readonly string[]): ExplanationLanguage => {
  for (const tag of languages) {
    const language = primaryLanguage(tag);
    if (!isSupported(language)) continue;
    const locale = tag.toLowerCase() === 'en' ? 'en-GB' : (validLocale(tag) ?? language);
    return { messages: MESSAGES[language], locale };
  }
  return { messages: MESSAGES.en, locale: 'en-GB' };
};
