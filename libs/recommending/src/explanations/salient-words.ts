import type { Film } from '@marquee/domain';
import { fold } from '../fold';

/** Words shorter than this are rarely topics. */
const MIN_LENGTH = 5;

/** Frequent long words of the catalogue's languages that say nothing about a film's subject. */
const STOPWORDS = new Set(
  [
    // en
    'about',
    'across',
    'after',
    'again',
    'against',
    'along',
    'always',
    'among',
    'another',
    'around',
    'beautiful',
    'because',
    'becomes',
    'before',
    'begins',
    'being',
    'between',
    'called',
    'comes',
    'could',
    'decides',
    'discover',
    'during',
    'everything',
    'every',
    'finds',
    'first',
    'follows',
    'friends',
    'going',
    'great',
    'group',
    'herself',
    'himself',
    'known',
    'leads',
    'little',
    'lives',
    'local',
    'makes',
    'meets',
    'named',
    'never',
    'night',
    'nothing',
    'order',
    'other',
    'others',
    'people',
    'several',
    'should',
    'small',
    'something',
    'still',
    'story',
    'stories',
    'takes',
    'their',
    'themselves',
    'there',
    'these',
    'things',
    'those',
    'through',
    'together',
    'tries',
    'trying',
    'under',
    'until',
    'where',
    'which',
    'while',
    'whose',
    'without',
    'woman',
    'women',
    'world',
    'would',
    'years',
    'young',
    'although',
    'almost',
    'already',
    'however',
    'later',
    'meaning',
    'often',
    'perhaps',
    'rather',
    'though',
    'whether',
    'within',
    // nl
    'alleen',
    'altijd',
    'andere',
    'boven',
    'daarna',
    'dezelfde',
    'doordat',
    'echter',
    'eerste',
    'eigen',
    'elkaar',
    'films',
    'grote',
    'hebben',
    'iemand',
    'jaren',
    'jonge',
    'kleine',
    'kunnen',
    'leven',
    'maken',
    'mensen',
    'mooie',
    'nadat',
    'niets',
    'nieuwe',
    'onder',
    'ondanks',
    'samen',
    'steeds',
    'terwijl',
    'tijdens',
    'tussen',
    'tweede',
    'verhaal',
    'vrienden',
    'waarbij',
    'waarin',
    'wanneer',
    'wereld',
    'worden',
    'wordt',
    'zichzelf',
    'zonder',
    'zoals',
    'zullen',
    // fr
    'alors',
    'après',
    'aussi',
    'autre',
    'autres',
    'avant',
    'avoir',
    'belle',
    'celle',
    'celui',
    'cette',
    'chaque',
    'comme',
    'contre',
    'depuis',
    'encore',
    'entre',
    'faire',
    'grand',
    'grande',
    'groupe',
    'histoire',
    'jeune',
    'jeunes',
    'leurs',
    'monde',
    'notre',
    'pendant',
    'petit',
    'petite',
    'plusieurs',
    'pourtant',
    'premier',
    'première',
    'quand',
    'quelque',
    'toujours',
    'toutes',
    'votre',
    'années',
    // de
    'durch',
    'einem',
    'einen',
    'einer',
    'eines',
    'gegen',
    'haben',
    'immer',
    'jahre',
    'nicht',
    'ihren',
    'seine',
    'seinen',
    'seiner',
    'unter',
    'während',
    'werden',
    'wieder',
    'zwischen',
  ].map(fold),
);

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
 */
export class SalientWords {
  private documentFrequency: Map<string, number> | undefined;

  constructor(private readonly corpus: readonly Film[]) {}

  shared(a: Film, b: Film, count: number): string[] {
    const va = vocabularyOf(a);
    const vb = vocabularyOf(b);
    const shared = new Map<string, string>();
    for (const [language, wordsA] of va) {
      const wordsB = vb.get(language);
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
