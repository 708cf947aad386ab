import { hostname } from 'node:os';
import { isEmbedded, snapshotDirectory, type MarqueeConfig } from './marquee-config.schema';

/**
 * The settings each lib takes, from the validated environment: the schema holds every default,
 * libs take these as required options, and tests and benches call these on
 * `validateMarqueeConfig({})` rather than repeating a number.
 */

/** The next screenings a card lists; `GET /events/:id` lists them all. */
const SCREENINGS_PER_CARD = 3;

/** Ranking, caching and cards of related events, search and the listing. */
export const recommendingSettings = (config: MarqueeConfig) => ({
  ttlSeconds: config.CACHE_TTL_SECONDS,
  maxScreeningsPerCard: SCREENINGS_PER_CARD,
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

/** An API replica's name (its consumer groups carry it) and where and how often it writes snapshots (none: undefined). */
export const replicaSettings = (config: MarqueeConfig) => {
  const directory = snapshotDirectory(config);
  return {
    replicaId: config.API_REPLICA_ID ?? hostname(),
    snapshots: directory === undefined ? undefined : { directory, intervalMs: config.SNAPSHOT_INTERVAL_SECONDS * 1_000 },
  };
};

/** Tries of a failing embedding or publish, with exponential backoff in between. */
export const retrySettings = (config: MarqueeConfig) => ({
  attempts: config.INDEXER_RETRY_ATTEMPTS,
  initialDelayMs: config.INDEXER_RETRY_BACKOFF_MS,
  maxDelayMs: config.INDEXER_RETRY_MAX_BACKOFF_MS,
});

/** The indexer's consumer group, its parallelism and its retries. */
export const indexingSettings = (config: MarqueeConfig) => ({
  groupId: config.INDEXER_GROUP_ID,
  partitionsInParallel: config.INDEXER_PARTITIONS_IN_PARALLEL,
  retry: retrySettings(config),
});

/** Whether the API process publishes the bundled demo catalogue at start. */
export const publishesDemoCatalogue = (config: MarqueeConfig): boolean => config.DEMO_CATALOGUE ?? isEmbedded(config);
