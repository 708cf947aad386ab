export { excerpt } from './excerpt';
export { fold, primaryLanguage } from './fold';
export { parseAcceptLanguage, pickLocalized, type LocalizedPick } from './localized-text';
export { explanationLanguage, type ExplanationLanguage } from './explanation-language';
export type { ExplanationMessages } from './messages/explanation-messages';
export { STOPWORDS } from './stopwords';
export { THEMES, themeLabel, themesOf, type Theme } from './themes';
export { newsletterLanguage, type NewsletterLanguage } from './newsletter-language';
export type { NewsletterMessages } from './messages/newsletter/newsletter-messages';
