/** Where a cut may fall: a space or a line break (scripts without spaces are cut anywhere). */
const BREAK = /\s/u;

/**
 * The start of `text` in at most `maxChars` UTF-16 units, ending with "…" when cut: at the last
 * word boundary when there is one in the second half, never inside a surrogate pair.
 */
export const excerpt = (text: string, maxChars: number): string => {
  if (text.length <= maxChars) return text;
  let end = maxChars - 1;
  let boundary = end;
  while (boundary > maxChars / 2 && !BREAK.test(text[boundary])) boundary -= 1;
  if (boundary > maxChars / 2) end = boundary;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end).replace(/[\s,;:.\-–—]+$/u, '')}…`;
};
