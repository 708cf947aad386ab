/**
 * How good are personal recommendations? MovieLens ratings go through the product's code path
 * (the import's row mapping and ids, libs/profiles applyInteraction, libs/collaborative's model)
 * and every user gets a top 10 of the films they have not rated, next to baselines:
 *
 *   npm run eval:personal -- [--train FILE] [--test FILE] [--links FILE] [--catalog FILE] [--tune]
 *
 * Default: ../shared/data/movielens/ratings_train.csv, its last 20% per user by time held out as
 * the test set. `--tune` cuts a validation split the same way from the training ratings only, and
 * searches the blend's and the model's hyperparameters on it (the defaults in libs/config come from it).
 * Films reach the content signal through links.csv tmdbId and the catalogue's overviews, embedded
 * by the product's embedder; films without an overview get no content score.
 * Progress on stderr; results on stdout, the last line one JSON object.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { CollaborativeModel, MemoryCollaborativeStore, type CollaborativeModelOptions } from '@marquee/collaborative';
import { FilmCatalogue } from '@marquee/catalogue';
import { collaborativeSettings, personalSettings, profileSettings, validateMarqueeConfig } from '@marquee/config';
import { toUserInteractionEvent, type CollaborativeSignal, type Film, type UserInteractionEvent } from '@marquee/domain';
import { filmEmbeddingText, TransformersEmbedder } from '@marquee/embedder';
import { importedInteractionId, movieLensFilmId, movieLensRating, parseMovieLensLinks } from '@marquee/interaction-import';
import { applyInteraction, type UserProfile } from '@marquee/profiles';
import { PersonalRecommender, Recommender, type PersonalWeights } from '@marquee/recommending';
import { HnswVectorIndex } from '@marquee/vector-index';
import { loadTmdbCatalogue, SHARED_DATA, TMDB_CATALOGUE, toFilm } from './support/catalog';
import { embedPassages } from './support/embedding';
import { table } from './support/measure';
import { progressBar, step } from './support/progress';
import { easeScores, itemKnnScores, topIndices, topNMetrics, type TopNMetrics } from './support/top-n';

const K = 10;
const EASE_LAMBDA = 300;
const KNN_NEIGHBOURS = 100;

const argument = (name: string): string | undefined => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const movielens = join(SHARED_DATA, 'movielens');
const trainFile = argument('train') ?? join(movielens, 'ratings_train.csv');
const testFile = argument('test');
const linksFile = argument('links') ?? join(movielens, 'links.csv');
const catalogFile = argument('catalog') ?? TMDB_CATALOGUE;
const tuning = process.argv.includes('--tune');

interface Rating {
  event: UserInteractionEvent & { type: 'rating' };
  atMs: number;
}

/** Every row through the import's mapping; movies without a tmdbId keep a MovieLens film id (they still carry collaborative signal). */
const readRatings = (file: string, links: Map<string, string>): Rating[] => {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).slice(1);
  const receivedAt = new Date();
  const ratings: Rating[] = [];
  let refused = 0;
  for (const line of lines) {
    if (!line.trim()) continue;
    const movieId = line.split(',')[1];
    if (movieId && !links.has(movieId)) links.set(movieId, movieLensFilmId(movieId));
    const row = movieLensRating(line, links);
    if (!row.ok) {
      refused++;
      continue;
    }
    const event = toUserInteractionEvent(row.input, importedInteractionId(row.input), receivedAt) as Rating['event'];
    ratings.push({ event, atMs: Date.parse(event.occurredAt) });
  }
  if (refused) console.error(`${file}: ${refused} rows refused`);
  return ratings;
};

const byUser = (ratings: readonly Rating[]): Map<string, Rating[]> => {
  const users = new Map<string, Rating[]>();
  for (const r of ratings) {
    const list = users.get(r.event.userId) ?? [];
    list.push(r);
    users.set(r.event.userId, list);
  }
  for (const list of users.values()) list.sort((a, b) => a.atMs - b.atMs || (a.event.filmId < b.event.filmId ? -1 : 1));
  return users;
};

/** The held-out rule of the shared data: per user, the last max(1, floor(20%)) ratings by time. */
const temporalSplit = (ratings: readonly Rating[]): { train: Rating[]; test: Rating[] } => {
  const train: Rating[] = [];
  const test: Rating[] = [];
  for (const list of byUser(ratings).values()) {
    const held = Math.max(1, Math.floor(0.2 * list.length));
    train.push(...list.slice(0, list.length - held));
    test.push(...list.slice(list.length - held));
  }
  return { train, test };
};

interface Signals {
  users: string[];
  films: string[];
  rows: number[][];
  heldOut: Set<string>[];
  profiles: (UserProfile | undefined)[];
  /** Per user, the time of their last training rating: when their list is asked for. */
  asOf: Date[];
  popularity: Float64Array;
}

const embedCatalogue = async (
  links: Map<string, string>,
): Promise<{ overviews: Map<string, Film>; vectors: Map<string, Float32Array> }> => {
  const wanted = new Set(links.values());
  const films = loadTmdbCatalogue(catalogFile)
    .map((tmdb) => toFilm(tmdb, `tmdb-${tmdb.tmdbId}`))
    .filter((film) => wanted.has(film.id));
  const embedder = await TransformersEmbedder.create({
    model: resolve(__dirname, '..', process.env.EMBEDDING_MODEL ?? 'models/marquee-multilingual'),
    threads: Number(process.env.EMBEDDING_THREADS ?? availableParallelism()),
  });
  try {
    const vectors = await embedPassages(embedder, films.map(filmEmbeddingText), 'embedding overviews');
    return { overviews: new Map(films.map((film) => [film.id, film])), vectors: new Map(films.map((film, i) => [film.id, vectors[i]])) };
  } finally {
    await embedder.close();
  }
};

/** Users, their held-out films and their profiles (libs/profiles applyInteraction over their training ratings, in time order). */
const baseSignals = (train: readonly Rating[], test: readonly Rating[], vectors: Map<string, Float32Array>): Signals => {
  const trainByUser = byUser(train);
  const testByUser = byUser(test);
  const users = [...trainByUser.keys()].filter((u) => testByUser.has(u));
  const films = [...new Set(train.map((r) => r.event.filmId))];
  const indexOf = new Map(films.map((f, i) => [f, i]));
  const rows = users.map((u) => (trainByUser.get(u) as Rating[]).map((r) => indexOf.get(r.event.filmId) as number));
  const heldOut = users.map((u) => new Set((testByUser.get(u) as Rating[]).map((r) => r.event.filmId)));
  const popularity = new Float64Array(films.length);
  for (const r of train) popularity[indexOf.get(r.event.filmId) as number] += 1;
  const profileOptions = profileSettings(validateMarqueeConfig(process.env));
  const profiles = users.map((userId) => {
    let profile: UserProfile | undefined;
    for (const r of trainByUser.get(userId) as Rating[])
      profile = applyInteraction(profile, r.event, vectors.get(r.event.filmId), profileOptions).profile;
    return profile;
  });
  const asOf = users.map((u) => new Date(Math.max(...(trainByUser.get(u) as Rating[]).map((r) => r.atMs))));
  return { users, films, rows, heldOut, profiles, asOf, popularity };
};

/**
 * The catalogue the personal recommender ranks: every film of the training ratings, with its
 * overview and vector when the TMDB catalogue has one (else a title only, no content score), its
 * popularity the number of training ratings (what a site's own audience says; TMDB's figure is of 2023).
 */
const evalCatalogue = (signals: Signals, overviews: Map<string, Film>, vectors: Map<string, Float32Array>): FilmCatalogue => {
  const catalogue = new FilmCatalogue(new HnswVectorIndex({ dimension: vectors.values().next().value?.length ?? 1 }));
  signals.films.forEach((id, j) => {
    const known = overviews.get(id);
    const film: Film = known
      ? { ...known, popularity: signals.popularity[j] }
      : {
          id,
          titles: { en: id },
          synopses: {},
          directors: [],
          cast: [],
          countries: [],
          spokenLanguages: [],
          subtitleLanguages: [],
          genres: [],
          tags: [],
          popularity: signals.popularity[j],
          screenings: [],
        };
    const vector = vectors.get(id);
    if (vector) catalogue.upsert({ film, version: 1, contentHash: id }, vector);
    else catalogue.restore(id, { film, version: 1, contentHash: id });
  });
  return catalogue;
};

/** Top 10 per user from the product's personal recommender (rankForUser, as GET /users/:id/recommendations calls it). */
const personalRankings = (
  signals: Signals,
  catalogue: FilmCatalogue,
  collaborative: CollaborativeSignal,
  histories: Awaited<ReturnType<CollaborativeSignal['historyOf']>>[],
  blend: PersonalWeights,
  label: string,
): string[][] => {
  const settings = personalSettings(validateMarqueeConfig(process.env));
  const personal = new PersonalRecommender(catalogue, new Recommender(catalogue, settings), collaborative, { ...settings, blend });
  const bar = progressBar(label, signals.users.length, 'users');
  const ranked = signals.users.map((_, u) => {
    const answer = personal.rankForUser(signals.profiles[u], {
      limit: K,
      languages: ['en'],
      now: signals.asOf[u],
      history: histories[u],
      anyTime: true,
      diversity: 0,
    });
    bar.increment();
    return answer.events.map((event) => event.id);
  });
  bar.stop();
  return ranked;
};

/** The collaborative model fitted on the training ratings through the product's store and refit, and each user's history in it. */
const collaborativeSignal = async (train: readonly Rating[], signals: Signals, options: CollaborativeModelOptions) => {
  const model = new CollaborativeModel(new MemoryCollaborativeStore({ maxFilmsPerUser: options.model.maxFilmsPerUser }), options);
  await model.record(train.map((r) => r.event));
  const started = process.cpuUsage();
  await step('collaborative model (refit)', () => model.refit());
  const used = process.cpuUsage(started);
  const refitCpuS = (used.user + used.system) / 1e6;
  const histories = await Promise.all(signals.users.map((userId) => model.historyOf(userId)));
  const indexOf = new Map(signals.films.map((f, i) => [f, i]));
  const alone = signals.users.map((_, u) => {
    const seen = new Set(signals.rows[u].map((j) => signals.films[j]));
    return model
      .scoresFor(histories[u], undefined, K + seen.size)
      .filter((s) => !seen.has(s.filmId) && indexOf.has(s.filmId))
      .slice(0, K)
      .map((s) => s.filmId);
  });
  return { model, histories, alone, refitCpuS };
};

const rankingOf = (signals: Signals, score: (u: number) => Float64Array): string[][] =>
  signals.users.map((_, u) => topIndices(score(u), new Set(signals.rows[u]), K).map((j) => signals.films[j]));

const collaborativeOptions = (overrides: Partial<CollaborativeModelOptions['model']> = {}): CollaborativeModelOptions => {
  const settings = collaborativeSettings(validateMarqueeConfig(process.env));
  return { ...settings, model: { ...settings.model, ...overrides }, refreshIntervalMs: 0 };
};

type Catalogue = Awaited<ReturnType<typeof embedCatalogue>>;

const evaluate = async (train: Rating[], test: Rating[], { overviews, vectors }: Catalogue) => {
  const signals = baseSignals(train, test, vectors);
  const catalogue = evalCatalogue(signals, overviews, vectors);
  const collaborative = await collaborativeSignal(train, signals, collaborativeOptions());
  const n = signals.films.length;
  const blend = personalSettings(validateMarqueeConfig(process.env)).blend;
  const results: Record<string, TopNMetrics> = {};
  results.popularity = topNMetrics(
    rankingOf(signals, () => signals.popularity),
    signals.heldOut,
  );
  const knn = await step('item-kNN baseline', () => itemKnnScores(signals.rows, n, KNN_NEIGHBOURS));
  results.item_knn = topNMetrics(
    rankingOf(signals, (u) => knn(signals.rows[u])),
    signals.heldOut,
  );
  const ease = await step('EASE baseline (exact, dual)', () => easeScores(signals.rows, n, EASE_LAMBDA));
  results.ease = topNMetrics(rankingOf(signals, ease), signals.heldOut);
  const only = (weights: Partial<PersonalWeights>): PersonalWeights => ({ content: 0, collaborative: 0, popularity: 0, ...weights });
  results.content = topNMetrics(
    personalRankings(signals, catalogue, collaborative.model, collaborative.histories, only({ content: 1 }), 'content profile alone'),
    signals.heldOut,
  );
  results.collaborative = topNMetrics(collaborative.alone, signals.heldOut);
  results.blend = topNMetrics(
    personalRankings(signals, catalogue, collaborative.model, collaborative.histories, blend, 'blend (personal recommender)'),
    signals.heldOut,
  );
  const { model, refitCpuS } = collaborative;
  return { results, blend, model: { refitCpuS: Number(refitCpuS.toFixed(1)), films: model.model.films, entries: model.model.entries } };
};

/**
 * Validation only (a temporal split of the training ratings): the collaborative model's half-life and
 * λ by its own NDCG@10, then the personal blend's weights over the best model, through rankForUser.
 */
const tune = async (train: Rating[], { overviews, vectors }: Catalogue) => {
  const validation = temporalSplit(train);
  const signals = baseSignals(validation.train, validation.test, vectors);
  const catalogue = evalCatalogue(signals, overviews, vectors);
  const n = signals.films.length;
  console.log('ease', JSON.stringify(topNMetrics(rankingOf(signals, easeScores(signals.rows, n, EASE_LAMBDA)), signals.heldOut)));
  console.log(
    'popularity',
    JSON.stringify(
      topNMetrics(
        rankingOf(signals, () => signals.popularity),
        signals.heldOut,
      ),
    ),
  );
  const grid = (process.env.TUNE_GRID ?? '30:200').split(',').map((cell) => cell.split(':').map(Number));
  let best: { ndcg: number; collaborative: Awaited<ReturnType<typeof collaborativeSignal>> } | undefined;
  // A cell: half-life days : λ [: history half-life days [: M [: history half-life engagements]]]; unset parts keep the configured value.
  for (const [halfLifeDays, lambda, historyHalfLifeDays, maxFilms, historyHalfLifeEngagements] of grid) {
    const configured = collaborativeOptions().model;
    const options = collaborativeOptions({
      halfLifeMs: halfLifeDays * 86_400_000,
      lambda,
      historyHalfLifeMs: historyHalfLifeDays === undefined ? configured.historyHalfLifeMs : historyHalfLifeDays * 86_400_000,
      maxFilms: maxFilms ?? configured.maxFilms,
      historyHalfLifeEngagements: historyHalfLifeEngagements ?? configured.historyHalfLifeEngagements,
    });
    const collaborative = await collaborativeSignal(validation.train, signals, options);
    const alone = topNMetrics(collaborative.alone, signals.heldOut);
    console.log(
      `collaborative halfLife ${halfLifeDays}d lambda ${lambda} history halfLife ${options.model.historyHalfLifeMs / 86_400_000}d / ${options.model.historyHalfLifeEngagements} engagements M ${options.model.maxFilms}: ${JSON.stringify(alone)} refit ${collaborative.refitCpuS.toFixed(1)} s cpu`,
    );
    if (!best || alone.ndcg10 > best.ndcg) best = { ndcg: alone.ndcg10, collaborative };
  }
  const blends = (process.env.TUNE_BLENDS ?? '1:1:0.3,0:1:0,0.1:1:0,0.2:1:0,0.2:1:0.1,0.4:1:0.1,0.2:1:0.2').split(',');
  for (const cell of blends) {
    const [content, collaborative, popularity] = cell.split(':').map(Number);
    const { model, histories } = (best as NonNullable<typeof best>).collaborative;
    const ranked = personalRankings(signals, catalogue, model, histories, { content, collaborative, popularity }, `blend ${cell}`);
    console.log(
      `blend content ${content} collaborative ${collaborative} popularity ${popularity}: ${JSON.stringify(topNMetrics(ranked, signals.heldOut))}`,
    );
  }
};

const main = async () => {
  const links = new Map(parseMovieLensLinks(readFileSync(linksFile, 'utf8')));
  const all = readRatings(trainFile, links);
  const { train, test } = testFile ? { train: all, test: readRatings(testFile, links) } : temporalSplit(all);
  const catalogue = await embedCatalogue(links);
  if (tuning) return tune(train, catalogue);
  const { results, model, blend } = await evaluate(train, test, catalogue);
  const { maxFilms, neighboursPerFilm, lambda, halfLifeMs, historyHalfLifeMs, historyHalfLifeEngagements, trendingHalfLifeMs } =
    collaborativeOptions().model;
  const { popularitySource } = personalSettings(validateMarqueeConfig(process.env));
  console.log(
    `collaborative model: EASE on ${model.films} films (COLLAB_MAX_FILMS ${maxFilms}), ${model.entries} weights (${neighboursPerFilm} per film), lambda ${lambda}, half-life ${halfLifeMs / 86_400_000} d (history ${historyHalfLifeMs / 86_400_000} d, ${historyHalfLifeEngagements} engagements), refit ${model.refitCpuS} s of CPU; blend ${JSON.stringify(blend)}, popularity ${popularitySource === 'audience' ? `audience, half-life ${trendingHalfLifeMs / 86_400_000} d` : 'catalogue'}`,
  );
  console.log(
    table([
      ['method', 'HR@10', 'recall@10', 'NDCG@10'],
      ...Object.entries(results).map(([name, m]) => [name, m.hr10, m.recall10, m.ndcg10]),
    ]),
  );
  const ratio = (a: number, b: number) => Number((a / b).toFixed(3));
  console.log(
    `blend / popularity NDCG@10: ${ratio(results.blend.ndcg10, results.popularity.ndcg10)} (target 1.6); blend / EASE HR@10: ${ratio(results.blend.hr10, results.ease.hr10)} (target 1.05)`,
  );
  const { popularity, item_knn, ease, content, blend: blended } = results;
  console.log(JSON.stringify({ eval: 'personal', popularity, item_knn, ease, content, blend: blended }));
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
