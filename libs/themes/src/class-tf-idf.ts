import { fold, STOPWORDS } from '@marquee/text';

/** Shorter words are rarely topics (the same floor as the explanations' salient words). */
const MIN_WORD_LENGTH = 5;

const WORD = /\p{L}[\p{L}\p{M}'’-]*\p{L}/gu;

/** Folded content words of a text, stopwords and the given names left out. */
export const contentWords = (text: string, exclude: ReadonlySet<string> = new Set()): string[] =>
  (text.match(WORD) ?? []).map(fold).filter((word) => word.length >= MIN_WORD_LENGTH && !STOPWORDS.has(word) && !exclude.has(word));

/**
 * Words that are names in these texts: capitalised inside a sentence more often than written in
 * lower case anywhere. Synopses name their characters ("Chris", "Sam's"), and a theme label of
 * character names says nothing about what its films are about. For languages that write common
 * nouns in lower case (not German).
 */
export const namesIn = (texts: Iterable<string>): Set<string> => {
  const capitalisedInside = new Map<string, number>();
  const lowerCase = new Map<string, number>();
  for (const text of texts) {
    for (const match of text.matchAll(WORD)) {
      const word = match[0];
      const folded = fold(word);
      if (word[0] !== word[0].toUpperCase()) lowerCase.set(folded, (lowerCase.get(folded) ?? 0) + 1);
      else if (!startsSentence(text, match.index)) capitalisedInside.set(folded, (capitalisedInside.get(folded) ?? 0) + 1);
    }
  }
  return new Set([...capitalisedInside].filter(([word, count]) => count > (lowerCase.get(word) ?? 0)).map(([word]) => word));
};

/** Whether the word at `index` opens a sentence (text start, or after . ! ? : or a line break, quotes and brackets aside). */
const startsSentence = (text: string, index: number): boolean => {
  let i = index - 1;
  while (i >= 0 && /[\s"“”‘’'«»([—–-]/u.test(text[i])) {
    if (text[i] === '\n') return true;
    i -= 1;
  }
  return i < 0 || /[.!?:…]/u.test(text[i]);
};

/**
 * Class-based TF-IDF as BERTopic computes it: the documents of a class are joined into one, and
 * a term weighs `tf(t, c) · log(1 + A / f(t))`, A the mean number of words per class and f(t) the
 * term's frequency over all classes. Returns each class's top terms, best first.
 */
export const classTfIdf = (classes: readonly (readonly string[])[], top: number, minClassFrequency = 2): string[][] => {
  const perClass = classes.map((words) => {
    const counts = new Map<string, number>();
    for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
    return counts;
  });
  const overall = new Map<string, number>();
  let totalWords = 0;
  for (const counts of perClass) {
    for (const [word, count] of counts) overall.set(word, (overall.get(word) ?? 0) + count);
    for (const count of counts.values()) totalWords += count;
  }
  const meanWords = totalWords / Math.max(1, classes.length);
  return perClass.map((counts) => {
    const size = [...counts.values()].reduce((a, b) => a + b, 0) || 1;
    return [...counts]
      .filter(([, count]) => count >= minClassFrequency)
      .map(([word, count]) => ({ word, weight: (count / size) * Math.log(1 + meanWords / (overall.get(word) ?? 1)) }))
      .sort((a, b) => b.weight - a.weight || a.word.localeCompare(b.word))
      .slice(0, top)
      .map((w) => w.word);
  });
};
