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
import { collaborativeSettings, profileSettings, validateMarqueeConfig } from '@marquee/config';
import { toUserInteractionEvent, type UserInteractionEvent } from '@marquee/domain';
import { filmEmbeddingText, TransformersEmbedder } from '@marquee/embedder';
import { importedInteractionId, movieLensFilmId, movieLensRating, parseMovieLensLinks } from '@marquee/interaction-import';
import { applyInteraction, type UserProfile } from '@marquee/profiles';
import { loadTmdbCatalogue, SHARED_DATA, TMDB_CATALOGUE, toFilm } from './support/catalog';
import { embedPassages } from './support/embedding';
import { table } from './support/measure';
import { progressBar, step } from './support/progress';
import { easeScores, itemKnnScores, topIndices, topNMetrics, type TopNMetrics } from './support/top-n';

const K = 10;
const EASE_LAMBDA = 300;
const KNN_NEIGHBOURS = 100;
/** Candidates each signal contributes to the blend. */
const POOL = 300;

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
  /** Per user: collaborative, popularity and content scores by film index. */
  collaborative: Map<number, number>[];
  content: Map<number, number>[];
  popularity: Float64Array;
}

interface BlendWeights {
  collaborative: number;
  popularity: number;
  content: number;
}

const embedCatalogue = async (links: Map<string, string>): Promise<Map<string, Float32Array>> => {
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
    return new Map(films.map((film, i) => [film.id, vectors[i]]));
  } finally {
    await embedder.close();
  }
};

const dot = (a: Float32Array, b: Float32Array): number => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
};

/** The product's content and popularity signals for every user, from the training ratings only. */
const baseSignals = (
  train: readonly Rating[],
  test: readonly Rating[],
  vectors: Map<string, Float32Array>,
): Omit<Signals, 'collaborative'> => {
  const trainByUser = byUser(train);
  const testByUser = byUser(test);
  const users = [...trainByUser.keys()].filter((u) => testByUser.has(u));
  const films = [...new Set(train.map((r) => r.event.filmId))];
  const indexOf = new Map(films.map((f, i) => [f, i]));
  const rows = users.map((u) => (trainByUser.get(u) as Rating[]).map((r) => indexOf.get(r.event.filmId) as number));
  const heldOut = users.map((u) => new Set((testByUser.get(u) as Rating[]).map((r) => r.event.filmId)));
  const popularity = new Float64Array(films.length);
  for (const r of train) popularity[indexOf.get(r.event.filmId) as number] += 1;

  const profileOptions = profileSettings(validateMarqueeConfig({}));
  const filmVectors = films.map((f) => vectors.get(f));
  const contentScores: Map<number, number>[] = [];
  const bar = progressBar('profiles and content scores', users.length, 'users');
  users.forEach((userId, u) => {
    let profile: UserProfile | undefined;
    for (const r of trainByUser.get(userId) as Rating[])
      profile = applyInteraction(profile, r.event, vectors.get(r.event.filmId), profileOptions).profile;
    const interests = profile?.interests ?? [];
    const content = new Float64Array(films.length).fill(-Infinity);
    if (interests.length > 0)
      filmVectors.forEach((vector, j) => {
        if (vector) content[j] = Math.max(...interests.map((c) => dot(c.direction, vector)));
      });
    contentScores.push(new Map(topIndices(content, new Set(rows[u]), POOL).map((j) => [j, content[j]])));
    bar.increment();
  });
  bar.stop();
  return { users, films, rows, heldOut, content: contentScores, popularity };
};

/** The collaborative model fitted on the training ratings through the product's store and refit, and its scores per user. */
const collaborativeSignal = async (train: readonly Rating[], base: Omit<Signals, 'collaborative'>, options: CollaborativeModelOptions) => {
  const indexOf = new Map(base.films.map((f, i) => [f, i]));
  const model = new CollaborativeModel(new MemoryCollaborativeStore({ maxFilmsPerUser: options.model.maxFilmsPerUser }), options);
  await model.record(train.map((r) => r.event));
  const started = process.cpuUsage();
  await step('collaborative model (refit)', () => model.refit());
  const refitCpuS = (process.cpuUsage(started).user + process.cpuUsage(started).system) / 1e6;
  const scores: Map<number, number>[] = [];
  for (const userId of base.users) {
    const history = await model.historyOf(userId);
    scores.push(new Map(model.scoresFor(history, undefined, POOL).map((s) => [indexOf.get(s.filmId) as number, s.weight])));
  }
  return { scores, refitCpuS, films: model.model.films, entries: model.model.entries };
};

/** Scores scaled to [0, 1] by the user's best one, so that weights compare across users. */
const scaled = (scores: Map<number, number>): Map<number, number> => {
  const best = Math.max(0, ...scores.values());
  return new Map([...scores].map(([j, s]) => [j, best > 0 ? Math.max(0, s) / best : 0]));
};

const blendRanking = (signals: Signals, weights: BlendWeights): string[][] => {
  const maxPopularity = Math.log1p(Math.max(...signals.popularity));
  const popular = topIndices(signals.popularity, new Set(), POOL);
  return signals.users.map((_, u) => {
    const seen = new Set(signals.rows[u]);
    const collaborative = scaled(signals.collaborative[u]);
    const content = signals.content[u];
    const candidates = new Set([...collaborative.keys(), ...content.keys(), ...popular]);
    const scores = new Float64Array(signals.films.length).fill(-Infinity);
    for (const j of candidates) {
      if (seen.has(j)) continue;
      scores[j] =
        weights.collaborative * (collaborative.get(j) ?? 0) +
        weights.popularity * (Math.log1p(signals.popularity[j]) / maxPopularity) +
        weights.content * Math.max(0, content.get(j) ?? 0);
    }
    return topIndices(scores, seen, K).map((j) => signals.films[j]);
  });
};

const rankingOf = (signals: Signals, score: (u: number) => Float64Array): string[][] =>
  signals.users.map((_, u) => topIndices(score(u), new Set(signals.rows[u]), K).map((j) => signals.films[j]));

const fromMap = (films: number, scores: Map<number, number>): Float64Array => {
  const out = new Float64Array(films).fill(-Infinity);
  for (const [j, s] of scores) out[j] = s;
  return out;
};

const collaborativeOptions = (overrides: Partial<CollaborativeModelOptions['model']> = {}): CollaborativeModelOptions => {
  const settings = collaborativeSettings(validateMarqueeConfig(process.env));
  return { ...settings, model: { ...settings.model, ...overrides }, refreshIntervalMs: 0 };
};

const evaluate = async (train: Rating[], test: Rating[], vectors: Map<string, Float32Array>, blend: BlendWeights) => {
  const base = baseSignals(train, test, vectors);
  const collaborative = await collaborativeSignal(train, base, collaborativeOptions());
  const signals: Signals = { ...base, collaborative: collaborative.scores };
  const n = signals.films.length;
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
  results.content = topNMetrics(
    rankingOf(signals, (u) => fromMap(n, signals.content[u])),
    signals.heldOut,
  );
  results.collaborative = topNMetrics(
    rankingOf(signals, (u) => fromMap(n, signals.collaborative[u])),
    signals.heldOut,
  );
  results.blend = topNMetrics(blendRanking(signals, blend), signals.heldOut);
  const { refitCpuS, films, entries } = collaborative;
  return { results, model: { refitCpuS: Number(refitCpuS.toFixed(1)), films, entries } };
};

/** Validation only: the collaborative model's λ and half-life, then the blend's weights, each best by NDCG@10. */
const tune = async (train: Rating[], vectors: Map<string, Float32Array>) => {
  const validation = temporalSplit(train);
  const base = baseSignals(validation.train, validation.test, vectors);
  const n = base.films.length;
  const ease = easeScores(base.rows, n, EASE_LAMBDA);
  const signals0: Signals = { ...base, collaborative: [] };
  console.log('ease', JSON.stringify(topNMetrics(rankingOf(signals0, ease), base.heldOut)));
  console.log(
    'popularity',
    JSON.stringify(
      topNMetrics(
        rankingOf(signals0, () => base.popularity),
        base.heldOut,
      ),
    ),
  );
  const grid = (process.env.TUNE_GRID ?? '0:200,30:200,180:200,0:500').split(',').map((cell) => cell.split(':').map(Number));
  for (const [halfLifeDays, lambda] of grid) {
    const options = collaborativeOptions({ halfLifeMs: halfLifeDays * 86_400_000, lambda });
    const { scores, refitCpuS } = await collaborativeSignal(validation.train, base, options);
    const signals: Signals = { ...base, collaborative: scores };
    const alone = topNMetrics(
      rankingOf(signals, (u) => fromMap(n, scores[u])),
      base.heldOut,
    );
    console.log(
      `halfLife ${halfLifeDays}d lambda ${lambda} M ${options.model.maxFilms}: ${JSON.stringify(alone)} refit ${refitCpuS.toFixed(1)} s cpu`,
    );
    for (const popularity of [0, 0.05, 0.1]) {
      for (const content of [0, 0.1, 0.2, 0.3, 0.5]) {
        const m = topNMetrics(blendRanking(signals, { collaborative: 1, popularity, content }), base.heldOut);
        console.log(`  blend popularity ${popularity} content ${content}: ${JSON.stringify(m)}`);
      }
    }
  }
};

const main = async () => {
  const links = new Map(parseMovieLensLinks(readFileSync(linksFile, 'utf8')));
  const all = readRatings(trainFile, links);
  const { train, test } = testFile ? { train: all, test: readRatings(testFile, links) } : temporalSplit(all);
  const vectors = await embedCatalogue(links);
  const blend: BlendWeights = { collaborative: 1, popularity: 0.1, content: 0.1 };
  if (tuning) return tune(train, vectors);
  const { results, model } = await evaluate(train, test, vectors, blend);
  console.log(`collaborative model: ${model.films} films, ${model.entries} neighbour weights, refit ${model.refitCpuS} s of CPU`);
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
