/** ICU sentence boundaries handle most scripts (Latin, Cyrillic, CJK `。`, Arabic `؟`, ...) without a language hint. */
const sentences = new Intl.Segmenter(undefined, { granularity: 'sentence' });

/** Splits an over-long sentence at spaces; a single word longer than the limit is cut by code points. */
const splitAtSpaces = (sentence: string, maxChars: number): string[] => {
  const pieces: string[] = [];
  let current = '';
  for (const word of sentence.split(' ')) {
    if (current && current.length + 1 + word.length > maxChars) {
      pieces.push(current);
      current = '';
    }
    if (word.length <= maxChars) {
      current = current ? `${current} ${word}` : word;
      continue;
    }
    const codePoints = Array.from(word);
    for (let start = 0; start < codePoints.length; start += maxChars) pieces.push(codePoints.slice(start, start + maxChars).join(''));
  }
  if (current) pieces.push(current);
  return pieces;
};

/**
 * Cuts text that may exceed the model's token limit into sentence pieces of at most `maxChars`
 * characters; the worker then packs consecutive pieces into chunks by exact token count.
 * Text of at most `maxChars` characters is returned whole: tokenizers emit at most about one
 * token per character, so it fits (and the tokenizer truncates if not).
 */
export const splitIntoPieces = (text: string, maxChars: number): string[] => {
  if (text.length <= maxChars) return [text];
  const pieces: string[] = [];
  for (const { segment } of sentences.segment(text)) {
    const sentence = segment.trim();
    if (!sentence) continue;
    if (sentence.length <= maxChars) pieces.push(sentence);
    else pieces.push(...splitAtSpaces(sentence, maxChars));
  }
  return pieces.length > 0 ? pieces : [text];
};
