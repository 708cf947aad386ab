import { primaryLanguage } from './fold';
import { en } from './messages/en';
import type { ExplanationMessages } from './messages/explanation-messages';
import { fr } from './messages/fr';
import { nl } from './messages/nl';

const MESSAGES = { en, nl, fr } satisfies Record<string, ExplanationMessages>;

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
