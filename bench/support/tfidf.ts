/**
 * A TF-IDF "more like this" baseline: the classic lexical way listing sites find similar items.
 * Sublinear term frequency, smoothed idf (as scikit-learn's TfidfVectorizer), L2-normalised
 * documents, cosine through an inverted index.
 */

const STOPWORDS = new Set(
  `a about above after again against all am an and any are as at be because been before being below between both but by
  can could did do does doing down during each few for from further had has have having he her here hers herself him himself
  his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours
  ourselves out over own same she should so some such than that the their theirs them themselves then there these they this
  those through to too under until up very was we were what when where which while who whom why will with would you your
  yours yourself yourselves s t don one two also after its new`.split(/\s+/),
);

export const tokenize = (text: string): string[] =>
  (text.toLowerCase().match(/\p{L}[\p{L}\p{N}]*/gu) ?? []).filter((token) => token.length > 1 && !STOPWORDS.has(token));

interface Posting {
  doc: number;
  weight: number;
}

export class TfIdfIndex {
  private readonly documents: Map<number, number>[];
  private readonly postings: Posting[][];

  constructor(texts: readonly string[]) {
    const termIds = new Map<string, number>();
    const counts = texts.map((text) => {
      const tf = new Map<number, number>();
      for (const token of tokenize(text)) {
        let id = termIds.get(token);
        if (id === undefined) termIds.set(token, (id = termIds.size));
        tf.set(id, (tf.get(id) ?? 0) + 1);
      }
      return tf;
    });
    const df = new Array<number>(termIds.size).fill(0);
    for (const tf of counts) for (const term of tf.keys()) df[term]++;
    const n = texts.length;
    this.documents = counts.map((tf) => {
      const weights = new Map<number, number>();
      let sumOfSquares = 0;
      for (const [term, count] of tf) {
        const weight = (1 + Math.log(count)) * (Math.log((1 + n) / (1 + df[term])) + 1);
        weights.set(term, weight);
        sumOfSquares += weight * weight;
      }
      const norm = Math.sqrt(sumOfSquares) || 1;
      for (const [term, weight] of weights) weights.set(term, weight / norm);
      return weights;
    });
    this.postings = Array.from({ length: termIds.size }, () => []);
    this.documents.forEach((weights, doc) => {
      for (const [term, weight] of weights) this.postings[term].push({ doc, weight });
    });
  }

  /** The k documents most similar to document `doc` among those `accept` lets through (by default all but itself), best first; ties by position. */
  moreLikeThis(doc: number, k: number, accept: (other: number) => boolean = (other) => other !== doc): number[] {
    const scores = new Float64Array(this.documents.length);
    const touched: number[] = [];
    for (const [term, weight] of this.documents[doc]) {
      for (const posting of this.postings[term]) {
        if (!accept(posting.doc)) continue;
        if (scores[posting.doc] === 0) touched.push(posting.doc);
        scores[posting.doc] += weight * posting.weight;
      }
    }
    // Insertion into a best-first list of k: cheap next to the scoring above.
    const best: number[] = [];
    for (const other of touched) {
      const score = scores[other];
      if (best.length === k && !beats(score, other, scores[best[k - 1]], best[k - 1])) continue;
      let i = best.length < k ? best.length : k - 1;
      while (i > 0 && beats(score, other, scores[best[i - 1]], best[i - 1])) {
        best[i] = best[i - 1];
        i--;
      }
      best[i] = other;
    }
    return best;
  }
}

const beats = (score: number, doc: number, otherScore: number, otherDoc: number): boolean =>
  score > otherScore || (score === otherScore && doc < otherDoc);
