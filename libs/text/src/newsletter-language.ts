import { explanationLanguage, type ExplanationLanguage } from './explanation-language';
import { primaryLanguage } from './fold';
import { en } from './messages/newsletter/en';
import { fr } from './messages/newsletter/fr';
import type { NewsletterMessages } from './messages/newsletter/newsletter-messages';
import { nl } from './messages/newsletter/nl';

const MESSAGES = { en, nl, fr } satisfies Record<string, NewsletterMessages>;

export interface NewsletterLanguage extends ExplanationLanguage {
  /** The language the mail is written in (`lang` of the HTML). */
  language: keyof typeof MESSAGES;
  newsletter: NewsletterMessages;
}

/** The first of the reader's languages a newsletter is written in (else English), with the explanations' locale. */
export const newsletterLanguage = (languages: readonly string[]): NewsletterLanguage => {
  const explaining = explanationLanguage(languages);
  const language = (Object.keys(MESSAGES) as (keyof typeof MESSAGES)[]).find((l) => primaryLanguage(explaining.locale) === l) ?? 'en';
  return { ...explaining, language, newsletter: MESSAGES[language] };
};
