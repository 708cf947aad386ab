import type { Film } from '@marquee/domain';
import { MAX_EMBEDDING_CHARS, prepareSynopsisText, sanitizeText } from './text-preparation';

/** More synopses add little: they describe the same film, and each one costs embedding time. */
export const MAX_EMBEDDED_SYNOPSES = 3;

/** English first (the language most films and partners share), then the others alphabetically, so the text is stable. */
const languagesInOrder = (texts: Record<string, string>): string[] =>
  Object.keys(texts).sort((a, b) => Number(b === 'en') - Number(a === 'en') || a.localeCompare(b));

/**
 * The text of a film the indexer embeds: its title, genres and up to three synopses in different
 * languages (each gets an equal share of the length limit, so one long synopsis cannot crowd out
 * the others). Several languages help cross-lingual matching: a film described in Dutch and
 * English lands near films described in either. Names (directors, cast) are left out: to a
 * sentence model they are mostly rare sub-words that add noise rather than meaning.
 * Without a synopsis it falls back to title, genres and tags (see `prepareSynopsisText`).
 */
export const filmEmbeddingText = (film: Film): string => {
  const title = film.titles[languagesInOrder(film.titles)[0]] ?? '';
  const header = sanitizeText([title, film.genres.join(', ')].filter(Boolean).join('. '));
  const languages = languagesInOrder(film.synopses);
  const distinct = [...new Set(languages.map((lang) => sanitizeText(film.synopses[lang])).filter(Boolean))];
  const chosen = distinct.slice(0, MAX_EMBEDDED_SYNOPSES);
  if (chosen.length === 0) return prepareSynopsisText({ title, genres: film.genres, tags: film.tags });
  const share = Math.floor((MAX_EMBEDDING_CHARS - header.length - 2) / chosen.length) - 1;
  const synopses = chosen.map((text) => sanitizeText(text, share));
  const sentence = header && !/[.!?…]$/.test(header) ? `${header}.` : header;
  return sanitizeText([sentence, ...synopses].filter(Boolean).join(' '));
};
