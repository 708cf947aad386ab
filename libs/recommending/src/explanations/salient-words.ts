import type { Film } from '@marquee/domain';
import { fold, primaryLanguage, STOPWORDS } from '@marquee/text';

/** Words shorter than this are rarely topics. */
const MIN_LENGTH = 5;

/** Folded word → first spelling met, per synopsis language. */
type Vocabulary = Map<string, Map<string, string>>;

const vocabularies = new WeakMap<Film, Vocabulary>();
/** Every folded word of a film's vocabulary, in any language: what document frequencies count. */
const wordSets = new WeakMap<Film, ReadonlySet<string>>();

const wordsOf = (film: Film): ReadonlySet<string> => {
  let words = wordSets.get(film);
  if (!words) {
    words = new Set([...vocabularyOf(film).values()].flatMap((w) => [...w.keys()]));
    wordSets.set(film, words);
  }
  return words;
};

const vocabularyOf = (film: Film): Vocabulary => {
  let vocabulary = vocabularies.get(film);
  if (!vocabulary) {
    const nameWords = new Set([...film.directors, ...film.cast].flatMap((name) => fold(name).split(/\s+/)));
    vocabulary = new Map();
    for (const [language, synopsis] of Object.entries(film.synopses)) {
      const words = new Map<string, string>();
      for (const word of synopsis.match(/\p{L}[\p{L}\p{M}'’-]*\p{L}/gu) ?? []) {
        const folded = fold(word);
        if (folded.length < MIN_LENGTH || STOPWORDS.has(folded) || nameWords.has(folded) || words.has(folded)) continue;
        words.set(folded, word.toLowerCase());
      }
      vocabulary.set(language.toLowerCase(), words);
    }
    vocabularies.set(film, vocabulary);
  }
  return vocabulary;
};

/**
 * Words two synopses in the same language share, rarest first among a corpus (the candidates of
 * one request): a word most candidates use says nothing about why this one was picked.
 * Only synopses in the reader's language are compared: their words are shown as they are written.
 */
export class SalientWords {
  private documentFrequency: Map<string, number> | undefined;

  constructor(private readonly corpus: readonly Film[]) {}

  /** `language`: the reader's primary language subtag (`nl`), or undefined for synopses in any language. */
  shared(a: Film, b: Film, count: number, language?: string): string[] {
    const va = vocabularyOf(a);
    const vb = vocabularyOf(b);
    const shared = new Map<string, string>();
    for (const [tag, wordsA] of va) {
      if (language !== undefined && primaryLanguage(tag) !== language) continue;
      const wordsB = vb.get(tag);
      if (!wordsB) continue;
      for (const [folded, spelling] of wordsB) if (wordsA.has(folded) && !shared.has(folded)) shared.set(folded, spelling);
    }
    if (shared.size === 0) return [];
    const df = this.frequencies();
    // A word a fifth of the candidates use is no reason to pick this one.
    const common = Math.max(2, this.corpus.length / 5);
    return [...shared]
      .filter(([folded]) => (df.get(folded) ?? 0) <= common)
      .sort(([x], [y]) => (df.get(x) ?? 0) - (df.get(y) ?? 0) || y.length - x.length || (x < y ? -1 : 1))
      .slice(0, count)
      .map(([, spelling]) => spelling);
  }

  private frequencies(): Map<string, number> {
    if (!this.documentFrequency) {
      const df = new Map<string, number>();
      for (const film of this.corpus) {
        for (const word of wordsOf(film)) df.set(word, (df.get(word) ?? 0) + 1);
      }
      this.documentFrequency = df;
    }
    return this.documentFrequency;
  }
}
