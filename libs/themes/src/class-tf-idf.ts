import { fold, STOPWORDS } from '@marquee/text';

/** Shorter words are rarely topics (the same floor as the explanations' salient words). */
const MIN_WORD_LENGTH = 5;

/** Folded content words of a text, stopwords and the given names left out. */
export const contentWords = (text: string, exclude: ReadonlySet<string> = new Set()): string[] =>
  (text.match(/\p{L}[\p{L}\p{M}'’-]*\p{L}/gu) ?? [])
    .map(fold)
    .filter((word) => word.length >= MIN_WORD_LENGTH && !STOPWORDS.has(word) && !exclude.has(word));

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
