import type { CollaborativeSignal, WeightedFilm } from '@marquee/domain';
import { capHistory, weightedHistory, type UserHistory } from './engagement';
import { invertSymmetricPositiveDefinite, invertSymmetricPositiveDefiniteCooperatively } from './spd-inverse';
import { TrendingFilms, type TrendingSnapshot } from './trending';

/** Every field is required: the defaults live in the configuration schema (`collaborativeSettings`). */
export interface ItemModelOptions {
  /** Films the model is fitted on: the most engaged-with ones. Memory is maxFilms² doubles while fitting, refresh time grows as maxFilms³. */
  maxFilms: number;
  /** Neighbours kept per film: the model's size is maxFilms × neighboursPerFilm. */
  neighboursPerFilm: number;
  /** L2 regularisation of the item-item regression (EASE's λ). */
  lambda: number;
  /** Half-life of an engagement before the user's latest one, in ms (0: no decay). */
  halfLifeMs: number;
  /** Engagements of a user read (the most recent ones). */
  maxFilmsPerUser: number;
  /** Half-life of an engagement in the history a list is scored for, before the user's latest one (0: no decay). */
  historyHalfLifeMs: number;
  /** Half-life of an engagement in that history, in the user's later engagements (0: no decay). */
  historyHalfLifeEngagements: number;
  /** Half-life of an engagement's share of a film's popularity ("popular now"; 0: all-time counts). */
  trendingHalfLifeMs: number;
  /** Films whose popularity is kept by day (the most engaged-with ones), and days kept per film. */
  trendingMaxFilms: number;
  trendingMaxBuckets: number;
}

/** A fitted model as stored: per film, its neighbours and their weights (negative: rarely engaged with together), sorted best first. */
export interface ItemModelSnapshot {
  fittedAtMs: number;
  users: number;
  /** Film id → [neighbour ids, weights]. */
  neighbours: Record<string, [string[], number[]]>;
  /** Users who engaged with each film of the model, for "popular" and tie-breaks. */
  engagedUsers: Record<string, number>;
  /** Users who engaged with each film by day, for "popular as of" (absent in models stored before it). */
  trending?: { halfLifeMs: number; films: TrendingSnapshot };
}

interface Neighbours {
  ids: string[];
  weights: Float32Array;
}

/**
 * The item-item model: EASE (Steck 2019, "Embarrassingly Shallow Autoencoders") on the `maxFilms`
 * most engaged-with films, its weight matrix B sparsified to the `neighboursPerFilm` weights of
 * largest magnitude per film. A user's score for film j is Σ_i w_i·B[i][j] over their history.
 * Films beyond the top `maxFilms` get no collaborative score (popularity and content cover them):
 * that is what bounds memory and refresh time at 100k films and any number of users.
 */
export class ItemModel implements Omit<CollaborativeSignal, 'historyOf'> {
  private constructor(
    private readonly byFilm: Map<string, Neighbours>,
    private readonly engaged: Map<string, number>,
    readonly version: number,
    readonly fittedAtMs: number,
    readonly users: number,
    readonly trending: TrendingFilms,
  ) {}

  static empty(): ItemModel {
    return new ItemModel(new Map(), new Map(), 0, 0, 0, TrendingFilms.empty());
  }

  static fromSnapshot(snapshot: ItemModelSnapshot, version: number): ItemModel {
    const byFilm = new Map<string, Neighbours>();
    for (const [filmId, [ids, weights]] of Object.entries(snapshot.neighbours))
      byFilm.set(filmId, { ids, weights: Float32Array.from(weights) });
    const trending = TrendingFilms.fromSnapshot(snapshot.trending?.films, snapshot.trending?.halfLifeMs ?? 0);
    return new ItemModel(byFilm, new Map(Object.entries(snapshot.engagedUsers)), version, snapshot.fittedAtMs, snapshot.users, trending);
  }

  /** Films the model was fitted on. */
  get films(): number {
    return this.engaged.size;
  }

  /** Neighbour weights held: the model's memory is about 12 bytes each plus the ids. */
  get entries(): number {
    let entries = 0;
    for (const { ids } of this.byFilm.values()) entries += ids.length;
    return entries;
  }

  engagedUsers(filmId: string): number {
    return this.engaged.get(filmId) ?? 0;
  }

  scoresFor(history: readonly WeightedFilm[], candidates: ReadonlySet<string> | undefined, limit: number): WeightedFilm[] {
    if (limit <= 0) return [];
    const seen = new Set(history.map((h) => h.filmId));
    const scores = new Map<string, number>();
    for (const { filmId, weight } of history) {
      const neighbours = this.byFilm.get(filmId);
      if (!neighbours || weight === 0) continue;
      const { ids, weights } = neighbours;
      for (let n = 0; n < ids.length; n++) {
        const id = ids[n];
        if (seen.has(id) || (candidates && !candidates.has(id))) continue;
        scores.set(id, (scores.get(id) ?? 0) + weight * weights[n]);
      }
    }
    return top(scores, limit);
  }

  neighboursOf(filmId: string, k: number): WeightedFilm[] {
    const neighbours = this.byFilm.get(filmId);
    if (!neighbours || k <= 0) return [];
    const found: WeightedFilm[] = [];
    for (let n = 0; n < neighbours.ids.length && found.length < k && neighbours.weights[n] > 0; n++)
      found.push({ filmId: neighbours.ids[n], weight: neighbours.weights[n] });
    return found;
  }

  popularityAt(atMs: number): ReadonlyMap<string, number> {
    return this.trending.scoresAt(atMs);
  }

  popularAt(atMs: number, k: number): WeightedFilm[] {
    return this.trending.topAt(atMs, k);
  }

  toSnapshot(): ItemModelSnapshot {
    const neighbours: ItemModelSnapshot['neighbours'] = {};
    for (const [filmId, { ids, weights }] of this.byFilm) neighbours[filmId] = [ids, Array.from(weights)];
    return {
      fittedAtMs: this.fittedAtMs,
      users: this.users,
      neighbours,
      engagedUsers: Object.fromEntries(this.engaged),
      trending: { halfLifeMs: this.trending.halfLifeMs, films: this.trending.toSnapshot() },
    };
  }

  /** For the fitter only. */
  static build(
    byFilm: Map<string, Neighbours>,
    engaged: Map<string, number>,
    version: number,
    fittedAtMs: number,
    users: number,
    trending: TrendingFilms,
  ): ItemModel {
    return new ItemModel(byFilm, engaged, version, fittedAtMs, users, trending);
  }
}

const byWeightThenId = (a: WeightedFilm, b: WeightedFilm): number =>
  b.weight - a.weight || (a.filmId < b.filmId ? -1 : a.filmId > b.filmId ? 1 : 0);

const top = (scores: Map<string, number>, limit: number): WeightedFilm[] => {
  const all: WeightedFilm[] = [];
  for (const [filmId, weight] of scores) if (weight > 0) all.push({ filmId, weight });
  return all.sort(byWeightThenId).slice(0, limit);
};

/**
 * Fits an ItemModel in two passes over the users' histories (so that a store can stream them):
 * `count` every history, then `accumulate` every history again, then `fit`.
 */
export class ItemModelFitter {
  private readonly engaged = new Map<string, number>();
  private readonly trending: ReturnType<typeof TrendingFilms.counter>;
  private users = 0;
  /** The films chosen and their Gram matrix (row-major), once the counting pass is over. */
  private fitting: { films: string[]; indexOf: Map<string, number>; gram: Float64Array } | undefined;

  constructor(private readonly options: ItemModelOptions) {
    if (options.maxFilms < 1 || options.neighboursPerFilm < 1 || !(options.lambda > 0))
      throw new RangeError('maxFilms, neighboursPerFilm and lambda must be positive');
    this.trending = TrendingFilms.counter({
      halfLifeMs: options.trendingHalfLifeMs,
      maxFilms: options.trendingMaxFilms,
      maxBuckets: options.trendingMaxBuckets,
    });
  }

  count(history: UserHistory): void {
    const engagements = capHistory(history.engagements, this.options.maxFilmsPerUser);
    if (engagements.length === 0) return;
    this.users += 1;
    for (const { filmId, atMs } of engagements) {
      this.engaged.set(filmId, (this.engaged.get(filmId) ?? 0) + 1);
      this.trending.add(filmId, atMs);
    }
  }

  accumulate(history: UserHistory): void {
    const { indexOf, gram } = (this.fitting ??= this.chooseFilms());
    const n = indexOf.size;
    const row: { index: number; weight: number }[] = [];
    for (const { filmId, weight } of weightedHistory(
      capHistory(history.engagements, this.options.maxFilmsPerUser),
      this.options.halfLifeMs,
    )) {
      const index = indexOf.get(filmId);
      if (index !== undefined && weight > 0) row.push({ index, weight });
    }
    for (let a = 0; a < row.length; a++) {
      const { index: i, weight: wi } = row[a];
      const offset = i * n;
      for (let b = 0; b < row.length; b++) gram[offset + row[b].index] += wi * row[b].weight;
    }
  }

  /** EASE: P = (G + λI)⁻¹, B[i][j] = −P[i][j] / P[j][j] off the diagonal; each row keeps its weights of largest magnitude. */
  fit(version: number, fittedAtMs: number): ItemModel {
    const { films, gram } = this.regularised();
    if (films.length > 0) invertSymmetricPositiveDefinite(gram, films.length);
    return this.sparsified(films, gram, version, fittedAtMs);
  }

  /** `fit`, yielding to the event loop every few milliseconds while it inverts (a consumer keeps its heartbeats). */
  async fitCooperatively(version: number, fittedAtMs: number): Promise<ItemModel> {
    const { films, gram } = this.regularised();
    if (films.length > 0) await invertSymmetricPositiveDefiniteCooperatively(gram, films.length);
    return this.sparsified(films, gram, version, fittedAtMs);
  }

  private regularised(): { films: string[]; gram: Float64Array } {
    const { films, gram } = (this.fitting ??= this.chooseFilms());
    this.fitting = undefined;
    const n = films.length;
    for (let i = 0; i < n; i++) gram[i * n + i] += this.options.lambda;
    return { films, gram };
  }

  /** Reads B off the inverse P (still in the Gram matrix's array). */
  private sparsified(films: string[], gram: Float64Array, version: number, fittedAtMs: number): ItemModel {
    const n = films.length;
    const { neighboursPerFilm } = this.options;
    const byFilm = new Map<string, Neighbours>();
    const engaged = new Map<string, number>();
    const candidates: { index: number; weight: number }[] = [];
    for (let i = 0; i < n; i++) {
      engaged.set(films[i], this.engaged.get(films[i]) as number);
      candidates.length = 0;
      const offset = i * n;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const weight = -gram[offset + j] / gram[j * n + j];
        if (weight !== 0) candidates.push({ index: j, weight });
      }
      // The strongest weights either way: the negative ones keep a popular film from scoring for everyone.
      candidates.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || a.index - b.index);
      const kept = candidates.slice(0, neighboursPerFilm).sort((a, b) => b.weight - a.weight || a.index - b.index);
      if (kept.length > 0)
        byFilm.set(films[i], { ids: kept.map((c) => films[c.index]), weights: Float32Array.from(kept, (c) => c.weight) });
    }
    return ItemModel.build(byFilm, engaged, version, fittedAtMs, this.users, this.trending.build(this.engaged));
  }

  private chooseFilms(): { films: string[]; indexOf: Map<string, number>; gram: Float64Array } {
    const films = [...this.engaged]
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, this.options.maxFilms)
      .map(([filmId]) => filmId);
    return { films, indexOf: new Map(films.map((filmId, index) => [filmId, index])), gram: new Float64Array(films.length * films.length) };
  }
}

/** Fits a model on histories held in memory (tests, the evaluation). */
export const fitItemModel = (histories: readonly UserHistory[], options: ItemModelOptions, version = 1, fittedAtMs = 0): ItemModel => {
  const fitter = new ItemModelFitter(options);
  for (const history of histories) fitter.count(history);
  for (const history of histories) fitter.accumulate(history);
  return fitter.fit(version, fittedAtMs);
};
