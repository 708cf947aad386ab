/**
 * Pure text preparation applied before embedding. It never rejects input: oversized text is cut,
 * empty text falls back to a description, and the last resort is a fixed placeholder that every
 * vocabulary covers, so every film gets a usable vector.
 */

/** Longer text adds little to a synopsis vector and only costs time; a 100 KB synopsis is cut, not refused. */
export const MAX_EMBEDDING_CHARS = 20_000;

/** Embedded when nothing else is left; a common word, so it maps to a finite non-zero vector. */
export const PLACEHOLDER_TEXT = 'film';

/** Bumped whenever the preparation changes what gets embedded; part of the embedder's model id. */
export const TEXT_PREPARATION_VERSION = 1;

const LINE_BREAKS_AND_TABS = /[\t\n\v\f\r\u0085]/g;
const CONTROL_CHARACTERS = /\p{Cc}/gu;
/** Zero-width space and byte order mark: invisible, and some tokenizers turn them into unknown tokens. */
const INVISIBLE = /[\u200B\uFEFF]/g;
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** A run of whitespace other than one plain space (that one is left alone: most spaces need no new string). */
const WHITESPACE_RUNS = /[^\S ]\s*| \s+/g;

/** Cuts at a word boundary near the limit when there is one, never inside a surrogate pair. */
const truncate = (text: string, maxChars: number): string => {
  if (text.length <= maxChars) return text;
  let end = maxChars;
  const space = text.lastIndexOf(' ', maxChars);
  if (space > maxChars * 0.9) end = space;
  else if (/[\uD800-\uDBFF]/.test(text[end - 1])) end -= 1;
  return text.slice(0, end).trimEnd();
};

/**
 * Strips control characters (line breaks and tabs become spaces), normalises to NFC, collapses
 * whitespace and truncates to `maxChars`. Returns '' for text with nothing visible left.
 */
export const sanitizeText = (text: string | null | undefined, maxChars = MAX_EMBEDDING_CHARS): string => {
  if (!text) return '';
  const cleaned = text
    .replace(LONE_SURROGATES, '')
    .normalize('NFC')
    .replace(LINE_BREAKS_AND_TABS, ' ')
    .replace(CONTROL_CHARACTERS, '')
    .replace(INVISIBLE, '')
    .replace(WHITESPACE_RUNS, ' ')
    .trim();
  return truncate(cleaned, maxChars);
};

export interface SynopsisInput {
  synopsis?: string | null;
  title?: string | null;
  genres?: readonly string[];
  tags?: readonly string[];
}

/**
 * The synopsis, sanitised; when it is empty, "title. genres, tags"; when that is empty too,
 * the placeholder.
 */
export const prepareSynopsisText = (input: SynopsisInput, maxChars = MAX_EMBEDDING_CHARS): string => {
  const synopsis = sanitizeText(input.synopsis, maxChars);
  if (synopsis) return synopsis;
  const labels = [...(input.genres ?? []), ...(input.tags ?? [])].map((label) => sanitizeText(label)).filter(Boolean);
  const title = sanitizeText(input.title);
  const description = sanitizeText([title, labels.join(', ')].filter(Boolean).join('. '), maxChars);
  return description || PLACEHOLDER_TEXT;
};
