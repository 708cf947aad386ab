/** A film with how much it counts: a user's engagement with it, or a film's collaborative score. */
export interface WeightedFilm {
  filmId: string;
  weight: number;
}

/**
 * Port for the collaborative signal: what the people who engaged with some films also engaged
 * with ("visitors who booked this also booked"), learned from `user-interactions`. Answers are
 * synchronous: the adapter keeps its fitted model in memory and refreshes it in the background;
 * only a user's history is read from a store.
 */
export interface CollaborativeSignal {
  /**
   * Films scored for a user whose history is `history` (weights: stronger and more recent
   * engagement counts more), best first, at most `limit`, never a film of the history. With
   * `candidates`, only those films are scored. Films the model knows nothing of get no score.
   */
  scoresFor(history: readonly WeightedFilm[], candidates: ReadonlySet<string> | undefined, limit: number): WeightedFilm[];
  /** The `k` films most often engaged with together with `filmId`, best first (none for a film the model does not know). */
  neighboursOf(filmId: string, k: number): WeightedFilm[];
  /** What the signal knows of a user: their engagements, weighted by kind and recency, to pass to `scoresFor` (none for an unknown user). */
  historyOf(userId: string): Promise<WeightedFilm[]>;
  /**
   * Each film's popularity with the audience as of `atMs`: users who engaged with it by then, the
   * more recent counting more ("popular now"). Empty when the signal knows of no engagement.
   */
  popularityAt(atMs: number): ReadonlyMap<string, number>;
  /** The `k` most popular films as of `atMs` by the same measure, most popular first. */
  popularAt(atMs: number, k: number): WeightedFilm[];
  /** Increases whenever the model is refitted: part of a per-user answer's cache key. */
  readonly version: number;
}

export const COLLABORATIVE_SIGNAL = Symbol('CollaborativeSignal');
