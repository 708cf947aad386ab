import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
const csv = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'each broker must be host:port')).min(1));
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const weight = z.coerce.number().min(0).max(100);
const fraction = z.coerce.number().min(0).max(1);

/** Writes are accepted with this key in embedded mode when API_KEY is unset; never with NODE_ENV=production. */
export const DEVELOPMENT_API_KEY = 'marquee-development-key';

/**
 * Environment of every Marquee process. Unset KAFKA_BROKERS / REDIS_URL select the embedded
 * adapters, so `npm start` works on a fresh machine; a wrong value fails at start with the variable named.
 */
export const MarqueeConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    /** Address the HTTP server binds; unset: 127.0.0.1 in embedded mode, 0.0.0.0 with Kafka (see `httpSettings`). */
    HOST: z.string().min(1).optional(),
    PORT: int(0, 65535).default(3000),
    /**
     * Which proxies' X-Forwarded-For to believe for the client address (rate limit, logs): `false`
     * (none: the socket's address), `true` (any: only behind a proxy that overwrites the header), a hop
     * count, or a comma list of addresses, CIDRs and `loopback` / `linklocal` / `uniquelocal`.
     */
    TRUST_PROXY: z
      .string()
      .trim()
      .transform((v): boolean | number | string =>
        /^(true|false)$/i.test(v) ? v.toLowerCase() === 'true' : /^\d+$/.test(v) ? Number(v) : v,
      )
      .refine(
        (v) => typeof v !== 'string' || v.split(',').every((part) => /^[\w.:/-]+$/.test(part.trim())),
        'true, false, a hop count or a comma list of addresses, CIDRs, loopback, linklocal, uniquelocal',
      )
      .optional(),
    /** Port of `GET /metrics` (Prometheus), bound on HOST like the app; `off` serves none; unset: `httpSettings`. */
    METRICS_PORT: z.union([z.literal('off'), int(0, 65535)]).optional(),
    /** Longest a request's headers and body may take to arrive (408 after); unset: `httpSettings`. */
    HTTP_REQUEST_TIMEOUT_MS: int(1_000, 3_600_000).optional(),
    /** Longest its headers alone may take (slow-header clients); at most HTTP_REQUEST_TIMEOUT_MS. */
    HTTP_HEADERS_TIMEOUT_MS: int(500, 3_600_000).optional(),
    /** A socket with no traffic this long is closed (idle keep-alive connections included). */
    HTTP_CONNECTION_TIMEOUT_MS: int(1_000, 3_600_000).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

    KAFKA_BROKERS: csv.optional(),
    KAFKA_CLIENT_ID: z.string().min(1).default('marquee'),
    /** The librdkafka mock cluster used in tests rejects idempotent producers. */
    KAFKA_IDEMPOTENT: bool.default(true),
    KAFKA_SESSION_TIMEOUT_MS: int(1000, 300_000).default(30_000),
    KAFKA_HEARTBEAT_MS: int(100, 60_000).default(3_000),
    /** Wait of a group leader before it syncs; only the librdkafka mock cluster of the tests needs it (followers must sync first). */
    KAFKA_GROUP_SYNC_DELAY_MS: int(0, 10_000).default(0),
    /**
     * Longest a fetch waits for new data. A broker answers as soon as data arrives; the librdkafka
     * mock used in tests and benchmarks waits it out, so there a short wait cuts latency.
     */
    KAFKA_FETCH_MAX_WAIT_MS: int(10, 60_000).default(1_000),
    /** Longest a publish waits for the brokers' acknowledgement before it fails (HTTP: 503 with Retry-After). */
    KAFKA_PUBLISH_TIMEOUT_MS: int(100, 600_000).default(5_000),
    INDEXER_GROUP_ID: z.string().min(1).default('marquee-indexer'),
    /** film-events partitions an indexer handles at once: one partition's batch is published while another's is embedded. */
    INDEXER_PARTITIONS_IN_PARALLEL: int(1, 256).default(4),
    /** Tries of a failing embedding or publish before it is blamed on the message (dead letter) or on an outage (batch redelivered). */
    INDEXER_RETRY_ATTEMPTS: int(1, 100).default(4),
    /** Wait before the second try; doubles per try up to INDEXER_RETRY_MAX_BACKOFF_MS. */
    INDEXER_RETRY_BACKOFF_MS: int(1, 600_000).default(200),
    INDEXER_RETRY_MAX_BACKOFF_MS: int(1, 3_600_000).default(5_000),
    /** Each API replica reads the whole film-index topic with a group of its own. */
    API_REPLICA_ID: z.string().min(1).optional(),
    /** Directory of this API replica's snapshots (one directory per replica); `off` disables them; unused in embedded mode. */
    SNAPSHOT_DIR: z.string().min(1).optional(),
    SNAPSHOT_INTERVAL_SECONDS: int(1, 86_400).default(60),

    REDIS_URL: z.url().optional(),
    /** Where profiles live (state, not cache: a Redis that persists and never evicts); default REDIS_URL. */
    PROFILE_REDIS_URL: z.url().optional(),
    CACHE_TTL_SECONDS: int(1, 86_400).default(300),
    CACHE_KEY_PREFIX: z.string().default('marquee:'),
    /** With Redis: longest an answer is served from this replica's memory before Redis is asked again; 0 turns that tier off. */
    CACHE_LOCAL_TTL_SECONDS: int(0, 3_600).default(10),
    CACHE_LOCAL_MAX_ENTRIES: int(1, 1_000_000).default(10_000),
    /** Bytes of answers kept in this process: the whole cache in embedded mode, the local tier with Redis. */
    CACHE_MEMORY_MAX_BYTES: int(1024, 2 ** 40).default(64 * 1024 * 1024),
    /** Bytes of recently served answers kept decoded (JSON and UTF-8), so a hot key is not decoded per request. */
    CACHE_HOT_ANSWERS_MAX_BYTES: int(1024, 2 ** 40).default(16 * 1024 * 1024),
    /** Bytes of request forms (URL, Accept-Language) remembered as valid, so their cache hits are answered before routing. */
    CACHE_REQUEST_FORMS_MAX_BYTES: int(1024, 2 ** 40).default(4 * 1024 * 1024),

    EMBEDDING_MODEL: z.string().min(1).default('models/marquee-multilingual'),
    EMBEDDING_ALLOW_REMOTE: bool.default(false),
    EMBEDDING_THREADS: int(1, 64).optional(),
    /** Calls of up to this many characters embedded on the calling thread (JavaScript graph only); 0 sends all to the workers. */
    EMBEDDING_INLINE_MAX_CHARS: int(0, 1_000_000).optional(),

    /** Required for writes and admin routes; in embedded mode a development key is used when unset. */
    API_KEY: z.string().min(16, 'API_KEY must be at least 16 characters').optional(),
    RATE_LIMIT_PER_MINUTE: int(1, 1_000_000).default(600),
    RELATED_MAX_LIMIT: int(1, 200).default(50),
    /** Candidates taken from the vector index per requested result, reranked by the hybrid score. */
    RELATED_RERANK_DEPTH: int(1, 50).default(5),
    /** MMR diversity of lists whose request names none: 0 = relevance only. */
    RELATED_DIVERSITY: fraction.default(0.25),
    /** Films left by place filters up to which candidates are ranked by an exact scan rather than the HNSW graph. */
    RELATED_EXACT_SCAN_MAX: int(0, 10_000_000).default(2_000),
    /** Weights of the hybrid ranking; every feature is in [0, 1]. */
    RANK_WEIGHT_SEMANTIC: weight.default(1),
    RANK_WEIGHT_DIRECTORS: weight.default(0.15),
    RANK_WEIGHT_CAST: weight.default(0.1),
    RANK_WEIGHT_GENRES: weight.default(0.1),
    RANK_WEIGHT_TAGS: weight.default(0.15),
    RANK_WEIGHT_THEMES: weight.default(0.2),
    RANK_WEIGHT_COUNTRIES: weight.default(0.05),
    RANK_WEIGHT_TIME: weight.default(0.1),
    RANK_WEIGHT_PLACE: weight.default(0.1),
    RANK_WEIGHT_POPULARITY: weight.default(0.05),

    PROFILER_GROUP_ID: z.string().min(1).default('marquee-profiler'),
    /** user-interactions partitions a profiler handles at once (one user's interactions stay in order on one partition). */
    PROFILER_PARTITIONS_IN_PARALLEL: int(1, 256).default(4),
    /** Users of one user-interactions batch whose profiles are updated at the same time (their Redis round trips overlap). */
    PROFILER_USERS_IN_PARALLEL: int(1, 1_000).default(32),
    /** Weights of personal recommendations: similarity to the user's interests, collaborative score, popularity (each in [0, 1]). */
    PERSONAL_WEIGHT_CONTENT: weight.default(1),
    PERSONAL_WEIGHT_COLLABORATIVE: weight.default(1),
    PERSONAL_WEIGHT_POPULARITY: weight.default(0.3),
    /** What "popular" means in a personal list: the audience's engagements as of now (collaborative signal), or the catalogue's figure. */
    PERSONAL_POPULARITY: z.enum(['audience', 'catalogue']).default('catalogue'),
    /** Days a user's interest in a film halves in without reinforcement. */
    PROFILE_HALF_LIFE_DAYS: z.coerce.number().positive().max(3_650).default(60),
    /** Interest centroids per profile (interests far apart each get one). */
    PROFILE_MAX_INTERESTS: int(1, 16).default(3),
    /** Cosine similarity at or above which a film joins an interest rather than starting one. */
    PROFILE_INTEREST_JOIN_SIMILARITY: z.coerce.number().min(-1).max(1).default(0.4),
    /** Films kept per profile set (seen, booked, dismissed, liked), newest first. */
    PROFILE_MAX_FILMS_PER_SET: int(10, 100_000).default(1_000),
    /** Days raw interactions stay on `user-interactions` (and erasure tombstones in the profile store). */
    USER_INTERACTIONS_RETENTION_DAYS: int(1, 3_650).default(180),
    /** Picks per newsletter (personal and popular together) when `--limit` names none. */
    NEWSLETTER_LIMIT: int(1, 20).default(6),
    /** Fewest new picks worth a newsletter: a subscriber with fewer is skipped (and counted). */
    NEWSLETTER_MIN_PICKS: int(1, 20).default(2),
    /** "Popular near you" picks after the personal ones. */
    NEWSLETTER_POPULAR_PICKS: int(0, 20).default(2),
    /** Public base URL of Marquee in mails: the unsubscribe page, the one-click endpoint, the text version. */
    NEWSLETTER_PUBLIC_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:3000'),
    /** Mailbox of List-Unsubscribe's mailto, and the List-Id domain and name. */
    NEWSLETTER_UNSUBSCRIBE_MAILBOX: z.email().default('unsubscribe@marquee.localhost'),
    NEWSLETTER_LIST_ID: z
      .string()
      .regex(/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/, 'must be a domain-like list id such as newsletter.example.org')
      .default('newsletter.marquee.localhost'),
    NEWSLETTER_LIST_NAME: z.string().min(1).max(100).default('Marquee picks'),
    /** Signs unsubscribe links (default: the API key); at least 16 characters. */
    NEWSLETTER_SIGNING_KEY: z.string().min(16).optional(),
    /** Where `npm run newsletter` writes its files and, without Redis, its ledger. */
    NEWSLETTER_OUT_DIR: z.string().min(1).default('data/newsletters'),
    /**
     * Subscribers planned, written and recorded in the ledger together. 500 rather than 200: a batch's
     * liked films are scanned audience by audience, three per pass, and larger batches fill more passes.
     */
    NEWSLETTER_BATCH_SIZE: int(1, 10_000).default(500),

    /** The collaborative signal's consumer group on user-interactions (in the profiler, or the embedded API). */
    COLLAB_GROUP_ID: z.string().min(1).default('marquee-collaborative'),
    /** Collaborative signal (item-item EASE on the most engaged-with films); M, λ and half-life chosen on a validation split of MovieLens training ratings (docs/collaborative.md). */
    COLLAB_MAX_FILMS: int(1, 20_000).default(1_500),
    /** 300: on the validation split 100 lost about 0.01 HR@10 against 300, 500 or 1,000 gained nothing over 300 (docs/personal.md). */
    COLLAB_NEIGHBOURS_PER_FILM: int(1, 1_000).default(300),
    COLLAB_LAMBDA: z.coerce.number().positive().max(1e9).default(200),
    /** Half-life of an engagement before the user's latest one; 0 turns recency off. */
    COLLAB_HALF_LIFE_DAYS: z.coerce.number().min(0).max(36_500).default(30),
    /** Half-life of an engagement in the history a list is scored for (unset: COLLAB_HALF_LIFE_DAYS; 0: no decay). */
    COLLAB_HISTORY_HALF_LIFE_DAYS: z.coerce.number().min(0).max(36_500).optional(),
    /**
     * Half-life of an engagement in that history, counted in the user's later engagements (0: no decay). 5 on the
     * validation split: HR@10 0.48 → 0.54 (2: 0.55, 10: 0.52, 20: 0.50); a history's time alone misses a sitting of many films.
     */
    COLLAB_HISTORY_HALF_LIFE_ENGAGEMENTS: z.coerce.number().min(0).max(100_000).default(5),
    /** "Popular now": half-life of an engagement's share of a film's popularity (0: all-time counts). */
    COLLAB_TRENDING_HALF_LIFE_DAYS: z.coerce.number().min(0).max(36_500).default(30),
    /** Films whose popularity is kept by day (the most engaged-with), and days kept per film: the table's bound. */
    COLLAB_TRENDING_MAX_FILMS: int(1, 1_000_000).default(20_000),
    COLLAB_TRENDING_MAX_DAYS: int(1, 10_000).default(365),
    COLLAB_MAX_FILMS_PER_USER: int(1, 10_000).default(500),
    /** How often the learning process refits the model and API replicas reload it; 0: never on its own. */
    COLLAB_REFRESH_SECONDS: int(0, 86_400).default(300),
    COLLAB_WEIGHT_VIEW: weight.default(1),
    COLLAB_WEIGHT_CLICK: weight.default(2),
    COLLAB_WEIGHT_LIKE: weight.default(4),
    COLLAB_WEIGHT_BOOKING: weight.default(5),
    /** A rating's weight runs from the floor (0.5 stars) to the top (5 stars). */
    COLLAB_WEIGHT_RATING_FLOOR: weight.default(0.3),
    COLLAB_WEIGHT_RATING_TOP: weight.default(1),

    /** Publish the bundled demo catalogue at start (default: only in embedded mode). */
    DEMO_CATALOGUE: bool.optional(),

    /** Audience analytics: a fixed number of themes; unset: the k of the best silhouette between THEMES_K_MIN and THEMES_K_MAX. */
    THEMES_K: int(2, 500).optional(),
    THEMES_K_MIN: int(2, 500).default(6),
    THEMES_K_MAX: int(2, 500).default(30),
    /** How often the audience app recomputes themes from the catalogue (POST /audience/themes/recompute does it on demand). */
    THEMES_RECOMPUTE_SECONDS: int(60, 30 * 86_400).default(86_400),
    /** Recompute themes on the schedule and once the catalogue has loaded (default: yes, except under NODE_ENV=test). */
    THEMES_AUTO_RECOMPUTE: bool.optional(),
    AUDIENCE_GROUP_ID: z.string().min(1).default('marquee-audience'),
    /** user-interactions partitions the audience worker takes batches of at once: they are applied in one flush. */
    AUDIENCE_PARTITIONS_IN_PARALLEL: int(1, 256).default(12),
    /** Interactions (of all partitions) applied to the aggregates in one flush at most; their offsets are committed after it. */
    AUDIENCE_FLUSH_MESSAGES: int(1, 1_000_000).default(20_000),
    /** A flush waits this long for more partitions' batches after the last one came. */
    AUDIENCE_FLUSH_IDLE_MS: int(0, 60_000).default(20),
    AUDIENCE_KEY_PREFIX: z.string().default('marquee:audience:'),
    /** Cells with fewer distinct users are hidden from every analytics answer and export (k-anonymity). */
    AUDIENCE_MIN_USERS: int(1, 10_000).default(10),
    /** Weeks an aggregate (and its unique-audience sketch) is kept: a HyperLogLog cannot forget a member, so erasure is by expiry. */
    AUDIENCE_RETENTION_WEEKS: int(1, 520).default(26),
    /** Embedded mode: weeks of labelled synthetic interactions generated at start so /dashboard has data (0: none). */
    AUDIENCE_SYNTHETIC_WEEKS: int(0, 52).optional(),
  })
  .superRefine((config, ctx) => {
    if (config.KAFKA_BROKERS && !config.API_KEY) {
      ctx.addIssue({ code: 'custom', path: ['API_KEY'], message: 'API_KEY is required when KAFKA_BROKERS is set' });
    } else if (config.NODE_ENV === 'production' && (config.API_KEY ?? DEVELOPMENT_API_KEY) === DEVELOPMENT_API_KEY) {
      // The development key is public (README, source): whoever knows it could publish films.
      ctx.addIssue({
        code: 'custom',
        path: ['API_KEY'],
        message: 'NODE_ENV=production refuses the public development key: set API_KEY to a secret of 16 characters or more',
      });
    }
  });

export type MarqueeConfig = z.infer<typeof MarqueeConfigSchema>;

export const isEmbedded = (config: MarqueeConfig): boolean => !config.KAFKA_BROKERS;

/** The key writes need: API_KEY, else (embedded mode only) the public development key. */
export const apiKeyOf = (config: MarqueeConfig): string => config.API_KEY ?? DEVELOPMENT_API_KEY;

export const usesDevelopmentKey = (config: MarqueeConfig): boolean => apiKeyOf(config) === DEVELOPMENT_API_KEY;

/**
 * Where the API replica keeps its snapshots, or undefined when it keeps none (`off`). Never in
 * embedded mode: its in-process log starts empty on every start, so there is no position to resume
 * from, and a snapshot could even match the offsets of a newly published log by chance.
 */
export const snapshotDirectory = (config: MarqueeConfig): string | undefined => {
  const directory = config.SNAPSHOT_DIR ?? 'data/snapshots';
  return directory === 'off' || isEmbedded(config) ? undefined : directory;
};

/** Validates `process.env`-like input; throws one error listing every bad variable. */
export const validateMarqueeConfig = (env: Record<string, unknown>): MarqueeConfig => {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = MarqueeConfigSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
};
