import type { RelatedEventsOptions } from '@marquee/catalogue';
import type { MarqueeConfig } from '@marquee/config';

/** Ranking and caching settings of related events and search, from the validated environment. */
export const recommendationOptions = (
  config: MarqueeConfig,
  logger: RelatedEventsOptions['logger'],
): Omit<RelatedEventsOptions, 'cacheStats'> => ({
  ttlSeconds: config.CACHE_TTL_SECONDS,
  maxScreeningsPerCard: 3,
  logger,
  rerankDepth: config.RELATED_RERANK_DEPTH,
  defaultDiversity: config.RELATED_DIVERSITY,
  exactScanMaxCandidates: config.RELATED_EXACT_SCAN_MAX,
  weights: {
    semantic: config.RANK_WEIGHT_SEMANTIC,
    directors: config.RANK_WEIGHT_DIRECTORS,
    cast: config.RANK_WEIGHT_CAST,
    genres: config.RANK_WEIGHT_GENRES,
    tags: config.RANK_WEIGHT_TAGS,
    countries: config.RANK_WEIGHT_COUNTRIES,
    time: config.RANK_WEIGHT_TIME,
    place: config.RANK_WEIGHT_PLACE,
    popularity: config.RANK_WEIGHT_POPULARITY,
  },
});
