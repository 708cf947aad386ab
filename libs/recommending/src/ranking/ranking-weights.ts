/**
 * Weights of the hybrid score. Every feature is in [0, 1], so a weight says how much a perfect
 * match on that feature is worth next to a perfect semantic match (weight 1 by default).
 */
export interface RankingWeights {
  /**
   * Similarity of the synopses (or to the search text), rescaled over the candidates: the nearest
   * gets 1, the farthest 0. Models differ in their similarity scale (one spreads neighbours over
   * 0.1-0.3, another over 0.8-0.9); rescaled, the other weights mean the same with any model.
   */
  semantic: number;
  /** At least one director in common. */
  directors: number;
  /** Cast in common (two or more names count fully). */
  cast: number;
  /** Overlap of genres (Ochiai: shared / √(|a|·|b|)). */
  genres: number;
  tags: number;
  /**
   * Overlap of themes (war, dance, migration: THEMES of @marquee/text) found in the synopses in any
   * language, genres and tags: what a film is about, across the languages the model does not bridge.
   */
  themes: number;
  /** Overlap of production countries. */
  countries: number;
  /** A sooner first matching screening: 1 now, ½ in a week. */
  time: number;
  /** A nearer matching screening (to the visitor, else to the reference film's venues): 1 there, ½ at 25 km. */
  place: number;
  /** log-scaled popularity relative to the most popular candidate. */
  popularity: number;
}
