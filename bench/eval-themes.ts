/**
 * Are the themes about something? On the TMDB catalogue (10k films, ../shared/data), the product's
 * theme computation (computeThemes of libs/themes with the configured settings: spherical k-means,
 * k by silhouette, over the bundled model's vectors) is scored by
 *   - silhouette (cosine, in the embedding space), and
 *   - NMI (arithmetic normalisation) against TMDB's first genre and against each film's most
 *     frequent keyword (films with keywords only),
 * beside a baseline in the same run: spherical k-means on TF-IDF vectors of the synopses with the
 * same k. Two kinds of vectors: what the product embeds (filmEmbeddingText: title, genres,
 * synopsis: genres are in the text, so genre NMI is partly by construction) and the synopsis alone
 * (genre-blind, the fair comparison with TF-IDF). Labels are used for scoring only; clustering never
 * sees them.
 *
 *   npm run eval:themes    # EVAL_FILMS (10000), EMBEDDING_MODEL, EMBEDDING_THREADS
 *
 * Progress on stderr; the last stdout line is one JSON object.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { themeSettings, validateMarqueeConfig } from '@marquee/config';
import { filmEmbeddingText, TransformersEmbedder } from '@marquee/embedder';
import { seededRandom } from '@marquee/random';
import { computeThemes, silhouetteScore, sphericalKMeans, type ThemeFilm } from '@marquee/themes';
import { loadTmdbCatalogue, toFilm } from './support/catalog';
import { embedPassages } from './support/embedding';
import { round, table } from './support/measure';
import { step } from './support/progress';
import { tokenize } from './support/tfidf';

const FILMS = Number(process.env.EVAL_FILMS ?? 10_000);
const MODEL = resolve(__dirname, '..', process.env.EMBEDDING_MODEL ?? 'models/marquee-multilingual');
const THREADS = Number(process.env.EMBEDDING_THREADS ?? availableParallelism());
const TFIDF_VOCABULARY = 4_000;

/** Normalised mutual information, arithmetic mean of the entropies (scikit-learn's default). */
export const nmi = (a: readonly (number | string)[], b: readonly (number | string)[]): number => {
  const n = a.length;
  const count = <T>(values: readonly T[]) => {
    const counts = new Map<T, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return counts;
  };
  const ca = count(a);
  const cb = count(b);
  const joint = count(a.map((x, i) => `${x}\u0000${b[i]}`));
  const entropy = (counts: Map<unknown, number>) => -[...counts.values()].reduce((s, c) => s + (c / n) * Math.log(c / n), 0);
  let mutual = 0;
  for (const [key, c] of joint) {
    const [x, y] = key.split('\u0000');
    const pa = (ca.get(typeof a[0] === 'number' ? Number(x) : x) ?? 0) / n;
    const pb = (cb.get(typeof b[0] === 'number' ? Number(y) : y) ?? 0) / n;
    mutual += (c / n) * Math.log(c / n / (pa * pb));
  }
  const mean = (entropy(ca) + entropy(cb)) / 2;
  return mean === 0 ? 0 : mutual / mean;
};

/** L2-normalised TF-IDF vectors (sublinear tf, smoothed idf) over the most frequent terms, dense. */
const tfidfVectors = (texts: readonly string[]): Float32Array[] => {
  const tokens = texts.map(tokenize);
  const df = new Map<string, number>();
  for (const doc of tokens) for (const term of new Set(doc)) df.set(term, (df.get(term) ?? 0) + 1);
  const vocabulary = [...df]
    .filter(([, d]) => d >= 2)
    .sort((x, y) => y[1] - x[1])
    .slice(0, TFIDF_VOCABULARY);
  const ids = new Map(vocabulary.map(([term], i) => [term, i]));
  const idf = vocabulary.map(([, d]) => Math.log((1 + texts.length) / (1 + d)) + 1);
  return tokens.map((doc) => {
    const vector = new Float32Array(vocabulary.length);
    for (const term of doc) {
      const id = ids.get(term);
      if (id !== undefined) vector[id] += 1;
    }
    let norm = 0;
    for (let i = 0; i < vector.length; i++) {
      if (vector[i] > 0) vector[i] = (1 + Math.log(vector[i])) * idf[i];
      norm += vector[i] * vector[i];
    }
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < vector.length; i++) vector[i] /= norm;
    return vector;
  });
};

const main = async () => {
  const sources = loadTmdbCatalogue().slice(0, FILMS);
  const films = sources.map((source) => toFilm(source, `tmdb-${source.tmdbId}`));
  const genreLabels = sources.map((s) => s.genres[0] ?? '(none)');
  const keywordFrequency = new Map<string, number>();
  for (const s of sources) for (const k of new Set(s.keywords)) keywordFrequency.set(k, (keywordFrequency.get(k) ?? 0) + 1);
  const keywordLabel = sources.map(
    (s) => [...s.keywords].sort((x, y) => (keywordFrequency.get(y) ?? 0) - (keywordFrequency.get(x) ?? 0))[0],
  );
  const withKeywords = keywordLabel.flatMap((k, i) => (k === undefined ? [] : [i]));

  const embedder = await TransformersEmbedder.create({ model: MODEL, threads: THREADS });
  let productVectors: Float32Array[];
  let synopsisVectors: Float32Array[];
  try {
    productVectors = await embedPassages(embedder, films.map(filmEmbeddingText), 'embed: product text');
    synopsisVectors = await embedPassages(
      embedder,
      sources.map((s) => s.overview),
      'embed: synopsis only',
    );
  } finally {
    await embedder.close();
  }
  const settings = themeSettings(validateMarqueeConfig({}));
  const themeFilms = (vectors: Float32Array[]): ThemeFilm[] =>
    films.map((film, i) => ({ id: film.id, vector: vectors[i], synopses: film.synopses, genres: film.genres }));

  const score = (name: string, assignments: readonly string[] | readonly number[], space: Float32Array[], seconds: number, k: number) => {
    const asNumbers = [...new Set(assignments as readonly (string | number)[])];
    const index = new Map(asNumbers.map((v, i) => [v, i]));
    const numeric = (assignments as readonly (string | number)[]).map((v) => index.get(v) as number);
    return {
      name,
      k,
      silhouette: round(silhouetteScore(space, numeric, { sampleSize: 2_000, random: seededRandom(5) })),
      nmiGenres: round(nmi(numeric, genreLabels)),
      nmiKeywords: round(
        nmi(
          withKeywords.map((i) => numeric[i]),
          withKeywords.map((i) => keywordLabel[i] as string),
        ),
      ),
      seconds: round(seconds, 1),
    };
  };
  const primary = (model: ReturnType<typeof computeThemes>) => films.map((f) => model.shares[f.id][0].themeId);

  const rows = [];
  let started = performance.now();
  const product = await step('themes: product vectors', () => computeThemes(themeFilms(productVectors), settings, undefined, new Date()));
  rows.push(
    score(
      'themes (product vectors: title, genres, synopsis)',
      primary(product),
      productVectors,
      (performance.now() - started) / 1000,
      product.themes.length,
    ),
  );
  started = performance.now();
  const blind = await step('themes: synopsis vectors', () =>
    computeThemes(themeFilms(synopsisVectors), { ...settings, k: product.themes.length }, undefined, new Date()),
  );
  rows.push(
    score(
      'themes (synopsis-only vectors, same k)',
      primary(blind),
      synopsisVectors,
      (performance.now() - started) / 1000,
      blind.themes.length,
    ),
  );
  const tfidf = await step('TF-IDF vectors', () => tfidfVectors(sources.map((s) => s.overview)));
  started = performance.now();
  const baseline = await step('k-means on TF-IDF', () =>
    sphericalKMeans(tfidf, { k: product.themes.length, random: seededRandom(settings.seed) }),
  );
  const baselineRow = score(
    'k-means on TF-IDF of synopses (same k)',
    Array.from(baseline.assignments),
    tfidf,
    (performance.now() - started) / 1000,
    product.themes.length,
  );
  rows.push(baselineRow);
  const baselineInEmbedding = round(
    silhouetteScore(synopsisVectors, Array.from(baseline.assignments), { sampleSize: 2_000, random: seededRandom(5) }),
  );

  console.log(
    `${films.length} TMDB films, ${withKeywords.length} with keywords; k chosen by silhouette over ${settings.kRange.min}-${settings.kRange.max}: ${product.themes.length}`,
  );
  console.log(
    table([
      ['clustering', 'k', 'silhouette (own space)', 'NMI genres', 'NMI keywords', 's'],
      ...rows.map((r) => [r.name, r.k, r.silhouette, r.nmiGenres, r.nmiKeywords, r.seconds]),
    ]),
  );
  console.log(`TF-IDF clusters scored in the synopsis embedding space: silhouette ${baselineInEmbedding}`);
  console.log('Sample theme labels (en):');
  for (const theme of product.themes.slice(0, 8))
    console.log(`  ${theme.id} (${theme.size}): ${theme.words.en.slice(0, 5).join(', ')} | ${theme.genres.join(', ')}`);
  const [themes, synopsisThemes] = rows;
  console.log(
    JSON.stringify({
      eval: 'themes',
      films: films.length,
      k: product.themes.length,
      silhouette: themes.silhouette,
      nmi_genres: themes.nmiGenres,
      nmi_keywords: themes.nmiKeywords,
      synopsis_only: {
        silhouette: synopsisThemes.silhouette,
        nmi_genres: synopsisThemes.nmiGenres,
        nmi_keywords: synopsisThemes.nmiKeywords,
      },
      tfidf_kmeans: {
        silhouette: baselineRow.silhouette,
        silhouette_in_embedding_space: baselineInEmbedding,
        nmi_genres: baselineRow.nmiGenres,
        nmi_keywords: baselineRow.nmiKeywords,
      },
    }),
  );
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
