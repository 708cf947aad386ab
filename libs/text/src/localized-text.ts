import { primaryLanguage } from './fold';

export interface LocalizedPick {
  lang: string;
  text: string;
}

/**
 * Picks the text for the first language the reader prefers, falling back from a regional
 * tag to its language (nl-BE → nl → any nl-*), then to English, then to whatever exists.
 */
export const pickLocalized = (texts: Record<string, string>, preferred: readonly string[]): LocalizedPick | undefined => {
  const keys = Object.keys(texts);
  if (keys.length === 0) return undefined;
  for (const wanted of [...preferred, 'en']) {
    const exact = keys.find((k) => k.toLowerCase() === wanted.toLowerCase());
    const sameLanguage = exact ?? keys.find((k) => primaryLanguage(k) === primaryLanguage(wanted));
    if (sameLanguage) return { lang: sameLanguage, text: texts[sameLanguage] };
  }
  return { lang: keys[0], text: texts[keys[0]] };
};

/** Parses an Accept-Language header into tags ordered by quality. */
export const parseAcceptLanguage = (header: string | undefined): string[] =>
  (header ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.trim(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((x) => /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(x.tag) && Number.isFinite(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q)
    .map((x) => x.tag);
