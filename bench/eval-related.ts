/**
 * How related are Marquee's related lists? For every film of ../shared/data/catalog (9,987 TMDB
 * films), the top 10 of RelatedEventsService next to a TF-IDF "more like this" over the overviews,
 * judged by the catalogue's own labels: genre and keyword overlap precision@10 and genre Jaccard.
 *
 *   npm run eval:related    # EMBEDDING_MODEL, EMBEDDING_THREADS override the defaults
 *
 * Films are embedded as the indexer embeds them (filmEmbeddingText: title, genres, synopsis) with
 * the bundled model. RelatedEventsService only lists films a visitor can attend, so every film gets
 * the same single screening (same venue, same time): the time and place features of the hybrid
 * ranking are then equal for all and the lists rank by synopsis, genres, tags (= TMDB keywords here)
 * and popularity, with the default weights and diversity. Reference rows: the embedding's nearest
 * neighbours alone, TF-IDF over the embedded text, and random films (chance level).
 * Progress on stderr; results on stdout, the last line one JSON object.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { MemoryCache } from '@marquee/cache';
import { FilmCatalogue } from '@marquee/catalogue';
import { recommendingSettings, validateMarqueeConfig } from '@marquee/config';
import type { Film, Screening } from '@marquee/domain';
import { filmEmbeddingText, TransformersEmbedder } from '@marquee/embedder';
import { RelatedEventsService } from '@marquee/recommending';
import { HnswVectorIndex } from '@marquee/vector-index';
import { silentLogger } from '../test/support/loggers';
import { loadTmdbCatalogue, TMDB_CATALOGUE, toFilm, type TmdbFilm } from './support/catalog';
import { embedPassages } from './support/embedding';
import { round, table } from './support/measure';
import { overlapScores, type OverlapScores } from './support/overlap';
import { progressBar } from './support/progress';
import { seededRandom } from '@marquee/random';
import { TfIdfIndex } from './support/tfidf';

const K = 10;
const model = resolve(__dirname, '..', process.env.EMBEDDING_MODEL ?? 'models/marquee-multilingual');
const threads = Number(process.env.EMBEDDING_THREADS ?? availableParallelism());

/** The one screening every film gets, three days from now in Gent. */
const sharedScreening = (filmId: string, now: Date): Screening => ({
  id: `${filmId}@eval`,
  start: new Date(now.getTime() + 3 * 86_400_000).toISOString(),
  timeZone: 'Europe/Brussels',
  venue: { name: 'Sphinx Cinema', city: 'Gent', region: 'Oost-Vlaanderen', country: 'BE', lat: 51.054, lon: 3.7193 },
});

const relatedLists = async (films: Film[], vectors: Float32Array[], positionOf: Map<string, number>, now: Date) => {
  const catalogue = new FilmCatalogue(new HnswVectorIndex({ dimension: vectors[0].length }));
  films.forEach((film, i) => catalogue.upsert({ film, version: 1, contentHash: `eval-${film.id}` }, vectors[i]));
  const service = new RelatedEventsService(catalogue, { epoch: 'eval' }, new MemoryCache({ maxEntries: 1 }), {
    ...recommendingSettings(validateMarqueeConfig({})),
    ttlSeconds: 60,
    maxScreeningsPerCard: 1,
    logger: { ...silentLogger, warn: (message: string) => console.error(message) },
  });
  const related: number[][] = [];
  const nearest: number[][] = [];
  const bar = progressBar('related lists', films.length, 'films');
  for (const film of films) {
    const answer = await service.related({ filmId: film.id, limit: K, languages: ['en'], now });
    related.push(answer.results.map((result) => positionOf.get(result.id) as number));
    const vector = catalogue.index.vectorOf(film.id) as Float32Array;
    nearest.push(catalogue.index.search(vector, K, (id) => id !== film.id).map((n) => positionOf.get(n.id) as number));
    bar.increment();
  }
  bar.stop();
  return { related, nearest };
};

const tfidfLists = (label: string, texts: string[]): number[][] => {
  const index = new TfIdfIndex(texts);
  const bar = progressBar(label, texts.length, 'films');
  const lists = texts.map((_, i) => {
    const list = index.moreLikeThis(i, K);
    bar.increment();
    return list;
  });
  bar.stop();
  return lists;
};

const randomLists = (count: number): number[][] => {
  const random = seededRandom(3);
  return Array.from({ length: count }, (_, i) => {
    const picked = new Set<number>();
    while (picked.size < K) {
      const j = Math.floor(random() * count);
      if (j !== i) picked.add(j);
    }
    return [...picked];
  });
};

const main = async () => {
  const now = new Date();
  const sources: TmdbFilm[] = loadTmdbCatalogue();
  const films = sources.map((source) => {
    const id = `tmdb-${source.tmdbId}`;
    return toFilm(source, id, [sharedScreening(id, now)]);
  });
  const positionOf = new Map(films.map((film, i) => [film.id, i]));
  const embeddedTexts = films.map(filmEmbeddingText);

  const embedder = await TransformersEmbedder.create({ model, threads });
  let vectors: Float32Array[];
  try {
    vectors = await embedPassages(embedder, embeddedTexts, `embed ${films.length} films`);
  } finally {
    await embedder.close();
  }
  const { related, nearest } = await relatedLists(films, vectors, positionOf, now);
  const tfidf = tfidfLists(
    'TF-IDF over overviews',
    sources.map((source) => source.overview),
  );
  const tfidfEmbedded = tfidfLists('TF-IDF over embedded text', embeddedTexts);

  const rows: [string, OverlapScores][] = [
    ['Marquee related (RelatedEventsService)', overlapScores(sources, related, K)],
    ['embedding nearest neighbours only', overlapScores(sources, nearest, K)],
    ['TF-IDF more-like-this, overviews', overlapScores(sources, tfidf, K)],
    ['TF-IDF more-like-this, embedded text', overlapScores(sources, tfidfEmbedded, K)],
    ['random films (chance level)', overlapScores(sources, randomLists(sources.length), K)],
  ];
  const withGenres = sources.filter((s) => s.genres.length > 0).length;
  const withKeywords = sources.filter((s) => s.keywords.length > 0).length;
  const f = (x: number) => x.toFixed(4);
  console.log(`catalogue ${TMDB_CATALOGUE}: ${sources.length} films (${withGenres} with genres, ${withKeywords} with keywords)`);
  console.log(
    `model ${embedder.modelId}; k = ${K}; Marquee = RelatedEventsService top ${K} (default weights and diversity; every film has one identical screening)\n`,
  );
  console.log(
    table([
      ['method', 'genre P@10', 'keyword P@10', 'genre Jaccard', 'short lists'],
      ...rows.map(([name, s]) => [name, f(s.genreP10), f(s.keywordP10), f(s.genreJaccard), s.shortLists]),
    ]),
  );
  console.log('\nnotes: genre names are part of the embedded text, and the hybrid ranking scores shared genres and tags');
  console.log('(TMDB keywords here), so Marquee uses the labels it is judged by; the nearest-neighbour row shows the embedding alone.');
  console.log(`Keyword P@10 counts neighbours without keywords as misses: only ${withKeywords} of ${sources.length} films have any.`);
  const [marquee, embeddingOnly, baseline] = rows.map(([, scores]) => scores);
  console.log(
    JSON.stringify({
      eval: 'related',
      films: sources.length,
      genre_p10: round(marquee.genreP10, 4),
      tfidf_genre_p10: round(baseline.genreP10, 4),
      keyword_p10: round(marquee.keywordP10, 4),
      tfidf_keyword_p10: round(baseline.keywordP10, 4),
      genre_jaccard: round(marquee.genreJaccard, 4),
      tfidf_genre_jaccard: round(baseline.genreJaccard, 4),
      nn_genre_p10: round(embeddingOnly.genreP10, 4),
      nn_keyword_p10: round(embeddingOnly.keywordP10, 4),
    }),
  );
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
