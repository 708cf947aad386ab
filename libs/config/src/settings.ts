import { hostname } from 'node:os';
import { apiKeyOf, isEmbedded, snapshotDirectory, type MarqueeConfig } from './marquee-config.schema';

/**
 * The settings each lib takes, from the validated environment: the schema holds every default,
 * libs take these as required options, and tests and benches call these on
 * `validateMarqueeConfig({})` rather than repeating a number.
 */

/** The next screenings a card lists; `GET /events/:id` lists them all. */
const SCREENINGS_PER_CARD = 3;
/** The synopsis excerpt a card in a list carries; `GET /events/:id` has the whole text. */
const SYNOPSIS_EXCERPT_CHARS = 300;

/** Ranking, caching and cards of related events, search and the listing. */
export const recommendingSettings = (config: MarqueeConfig) => ({
  ttlSeconds: config.CACHE_TTL_SECONDS,
  maxScreeningsPerCard: SCREENINGS_PER_CARD,
  synopsisMaxChars: SYNOPSIS_EXCERPT_CHARS,
  hotAnswersMaxBytes: config.CACHE_HOT_ANSWERS_MAX_BYTES,
  rerankDepth: config.RELATED_RERANK_DEPTH,
  defaultDiversity: config.RELATED_DIVERSITY,
  exactScanMaxCandidates: config.RELATED_EXACT_SCAN_MAX,
  weights: {
    semantic: config.RANK_WEIGHT_SEMANTIC,
    directors: config.RANK_WEIGHT_DIRECTORS,
    cast: config.RANK_WEIGHT_CAST,
    genres: config.RANK_WEIGHT_GENRES,
    tags: config.RANK_WEIGHT_TAGS,
    themes: config.RANK_WEIGHT_THEMES,
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

/**
 * Embedded mode (a laptop, the public development key) listens on loopback only; a deployment with
 * Kafka runs in containers and listens on every interface. HOST overrides either.
 */
const EMBEDDED_HOST = '127.0.0.1';
const DEPLOYED_HOST = '0.0.0.0';

/** No request of this API takes a client longer to send; a body that never arrives is answered 408 and the socket freed. */
const REQUEST_TIMEOUT_MS = 30_000;
const HEADERS_TIMEOUT_MS = 10_000;
/** Longer than Fastify's keep-alive (72 s), so idle keep-alive sockets end by that one first. */
const CONNECTION_TIMEOUT_MS = 120_000;
/** The port Prometheus exporters of Node apps commonly use (OpenTelemetry's Prometheus exporter too). */
const METRICS_PORT = 9464;

/** Where and how the HTTP server listens, and how long it waits for a client. */
export const httpSettings = (config: MarqueeConfig) => {
  const requestTimeoutMs = config.HTTP_REQUEST_TIMEOUT_MS ?? REQUEST_TIMEOUT_MS;
  return {
    host: config.HOST ?? (isEmbedded(config) ? EMBEDDED_HOST : DEPLOYED_HOST),
    port: config.PORT,
    /** Fastify's `trustProxy`: no proxy is trusted unless TRUST_PROXY names it. */
    trustProxy: config.TRUST_PROXY ?? false,
    /** undefined: no metrics server. */
    metricsPort: config.METRICS_PORT === 'off' ? undefined : (config.METRICS_PORT ?? METRICS_PORT),
    requestTimeoutMs,
    headersTimeoutMs: Math.min(config.HTTP_HEADERS_TIMEOUT_MS ?? HEADERS_TIMEOUT_MS, requestTimeoutMs),
    connectionTimeoutMs: config.HTTP_CONNECTION_TIMEOUT_MS ?? CONNECTION_TIMEOUT_MS,
  };
};

export type HttpSettings = ReturnType<typeof httpSettings>;

/** Dashboard languages: theme labels and page texts exist in each. */
export const DASHBOARD_LANGUAGES = ['nl', 'en', 'fr'] as const;

/** Theme clustering and labelling (see libs/themes). */
export const themeSettings = (config: MarqueeConfig) => ({
  k: config.THEMES_K,
  kRange: { min: config.THEMES_K_MIN, max: Math.max(config.THEMES_K_MIN, config.THEMES_K_MAX), candidates: 7 },
  languages: DASHBOARD_LANGUAGES,
  wordsPerLabel: 8,
  minMatchSimilarity: 0.8,
  shareTemperature: 0.02,
  silhouetteSample: 1_500,
  seed: 14,
  recomputeIntervalMs: config.THEMES_RECOMPUTE_SECONDS * 1_000,
  // Clustering holds the event loop for seconds: test apps that do not look at themes skip it.
  autoRecompute: config.THEMES_AUTO_RECOMPUTE ?? config.NODE_ENV !== 'test',
});

/** Audience aggregates: their consumer group, store, privacy threshold and retention. */
export const audienceSettings = (config: MarqueeConfig) => ({
  groupId: config.AUDIENCE_GROUP_ID,
  partitionsInParallel: config.AUDIENCE_PARTITIONS_IN_PARALLEL,
  /** A flush of the aggregates takes the batches of up to this many interactions… */
  flushMessages: config.AUDIENCE_FLUSH_MESSAGES,
  /** …or what came before no batch came for this long. */
  flushIdleMs: config.AUDIENCE_FLUSH_IDLE_MS,
  keyPrefix: config.AUDIENCE_KEY_PREFIX,
  minUsers: config.AUDIENCE_MIN_USERS,
  retentionWeeks: config.AUDIENCE_RETENTION_WEEKS,
  /** Growth is reported only for cells with at least this many interactions in both periods. */
  trendingMinVolume: 20,
  /** and only when it stands this many standard deviations above the theme's own weekly changes. */
  trendingMinZ: 1.5,
  /** Weeks of a theme's history its z-score is taken against. */
  trendingHistoryWeeks: 8,
  /** Unmet demand looks this many weeks ahead for screenings. */
  unmetDemandWeeksAhead: 3,
  // Tests that do not ask for them get none: they count interactions of their own.
  syntheticWeeks: config.AUDIENCE_SYNTHETIC_WEEKS ?? (isEmbedded(config) && config.NODE_ENV !== 'test' ? 6 : 0),
  retry: retrySettings(config),
});

/** Interest added per interaction type before decay; a rating adds `ratingPerStar * (rating - ratingNeutral)` when positive. */
const PROFILE_WEIGHTS = { view: 1, click: 1.5, like: 3, booking: 4, ratingPerStar: 1 };
const RATING_NEUTRAL = 2;
/** Films per profile that explanations can cite, and interaction ids kept against redeliveries. */
const MAX_ENGAGED_FILMS = 20;
const MAX_APPLIED_IDS = 32;

/** How profiles weigh, cluster and bound what users did (`ProfileOptions` of libs/profiles). */
export const profileSettings = (config: MarqueeConfig) => ({
  halfLifeDays: config.PROFILE_HALF_LIFE_DAYS,
  maxInterests: config.PROFILE_MAX_INTERESTS,
  interestJoinSimilarity: config.PROFILE_INTEREST_JOIN_SIMILARITY,
  maxFilmsPerSet: config.PROFILE_MAX_FILMS_PER_SET,
  maxEngagedFilms: MAX_ENGAGED_FILMS,
  maxAppliedIds: MAX_APPLIED_IDS,
  weights: { ...PROFILE_WEIGHTS },
  ratingNeutral: RATING_NEUTRAL,
});

/** Where profiles live and how long erasure tombstones outlive the interactions they guard against. */
export const profileStoreSettings = (config: MarqueeConfig) => ({
  keyPrefix: config.CACHE_KEY_PREFIX,
  tombstoneTtlSeconds: config.USER_INTERACTIONS_RETENTION_DAYS * 86_400,
});

/** The collaborative signal: interaction weights, the model's bounds and how often it is refreshed. */
export const collaborativeSettings = (config: MarqueeConfig) => ({
  weights: {
    view: config.COLLAB_WEIGHT_VIEW,
    click: config.COLLAB_WEIGHT_CLICK,
    like: config.COLLAB_WEIGHT_LIKE,
    booking: config.COLLAB_WEIGHT_BOOKING,
    ratingFloor: config.COLLAB_WEIGHT_RATING_FLOOR,
    ratingTop: config.COLLAB_WEIGHT_RATING_TOP,
  },
  model: {
    maxFilms: config.COLLAB_MAX_FILMS,
    neighboursPerFilm: config.COLLAB_NEIGHBOURS_PER_FILM,
    lambda: config.COLLAB_LAMBDA,
    halfLifeMs: config.COLLAB_HALF_LIFE_DAYS * 86_400_000,
    maxFilmsPerUser: config.COLLAB_MAX_FILMS_PER_USER,
    historyHalfLifeMs: (config.COLLAB_HISTORY_HALF_LIFE_DAYS ?? config.COLLAB_HALF_LIFE_DAYS) * 86_400_000,
    historyHalfLifeEngagements: config.COLLAB_HISTORY_HALF_LIFE_ENGAGEMENTS,
    trendingHalfLifeMs: config.COLLAB_TRENDING_HALF_LIFE_DAYS * 86_400_000,
    trendingMaxFilms: config.COLLAB_TRENDING_MAX_FILMS,
    trendingMaxBuckets: config.COLLAB_TRENDING_MAX_DAYS,
  },
  refreshIntervalMs: config.COLLAB_REFRESH_SECONDS * 1_000,
  groupId: config.COLLAB_GROUP_ID,
  retry: retrySettings(config),
});

/** Where the collaborative store keeps histories (next to the profiles) and how long erasure tombstones last. */
export const collaborativeStoreSettings = (config: MarqueeConfig) => ({
  keyPrefix: `${config.CACHE_KEY_PREFIX}collab:`,
  maxFilmsPerUser: config.COLLAB_MAX_FILMS_PER_USER,
  tombstoneTtlSeconds: config.USER_INTERACTIONS_RETENTION_DAYS * 86_400,
});

/** Newsletter editions: picks, links and headers, output and batching. */
export const newsletterSettings = (config: MarqueeConfig) => ({
  limit: config.NEWSLETTER_LIMIT,
  planner: {
    minPicks: config.NEWSLETTER_MIN_PICKS,
    popularPicks: config.NEWSLETTER_POPULAR_PICKS,
    maxSeeds: 5,
    minSimilarity: 0.2,
    synopsisChars: 280,
  },
  links: {
    publicUrl: config.NEWSLETTER_PUBLIC_URL,
    signingKey: config.NEWSLETTER_SIGNING_KEY ?? apiKeyOf(config),
    unsubscribeMailbox: config.NEWSLETTER_UNSUBSCRIBE_MAILBOX,
    listDomain: config.NEWSLETTER_LIST_ID,
    listName: config.NEWSLETTER_LIST_NAME,
  },
  outDirectory: config.NEWSLETTER_OUT_DIR,
  batchSize: config.NEWSLETTER_BATCH_SIZE,
  /** Ledger and outputs: Redis when configured (one ledger for every run), else files under the out directory. */
  stores: {
    outDirectory: config.NEWSLETTER_OUT_DIR,
    redis: config.REDIS_URL ? { url: config.REDIS_URL, keyPrefix: config.CACHE_KEY_PREFIX } : undefined,
  },
  erasure: {
    groupId: 'marquee-newsletter-erasures',
    retry: retrySettings(config),
    publishesToTopic: !isEmbedded(config),
  },
});

/** The profiler's consumer group, parallelism, retries and profile rules. */
export const profilerSettings = (config: MarqueeConfig) => ({
  groupId: config.PROFILER_GROUP_ID,
  partitionsInParallel: config.PROFILER_PARTITIONS_IN_PARALLEL,
  usersInParallel: config.PROFILER_USERS_IN_PARALLEL,
  retry: retrySettings(config),
  profile: profileSettings(config),
});

/** The in-process caches, each bounded by bytes: answers (embedded, or in front of Redis) and the request forms answered before routing. */
export const memoryCacheSettings = (config: MarqueeConfig) => ({
  maxEntries: config.CACHE_LOCAL_MAX_ENTRIES,
  maxBytes: config.CACHE_MEMORY_MAX_BYTES,
  requestFormsMaxBytes: config.CACHE_REQUEST_FORMS_MAX_BYTES,
});

/** Personal recommendations: the related-events pipeline's settings plus the blend's weights. */
export const personalSettings = (config: MarqueeConfig) => ({
  ...recommendingSettings(config),
  blend: {
    content: config.PERSONAL_WEIGHT_CONTENT,
    collaborative: config.PERSONAL_WEIGHT_COLLABORATIVE,
    popularity: config.PERSONAL_WEIGHT_POPULARITY,
  },
  halfLifeDays: config.PROFILE_HALF_LIFE_DAYS,
  popularitySource: config.PERSONAL_POPULARITY,
});
