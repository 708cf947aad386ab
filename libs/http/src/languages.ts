import { parseAcceptLanguage } from '@marquee/text';

/** The reader's languages: an explicit `lang=nl,en` wins over the Accept-Language header. */
export const readerLanguages = (lang: string | undefined, acceptLanguage: string | undefined): string[] =>
  lang
    ? lang
        .split(',')
        .map((l) => l.trim())
        .filter(Boolean)
    : parseAcceptLanguage(acceptLanguage);
