import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const csv = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'each broker must be host:port')).min(1));
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * Environment of every Marquee process. Unset KAFKA_BROKERS / REDIS_URL select the embedded
 * adapters, so `npm start` works on a fresh machine; a wrong value fails at start with the variable named.
 */
export const MarqueeConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: int(0, 65535).default(3000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

    KAFKA_BROKERS: csv.optional(),
    KAFKA_CLIENT_ID: z.string().min(1).default('marquee'),
    /** The librdkafka mock cluster used in tests rejects idempotent producers. */
    KAFKA_IDEMPOTENT: bool.default(true),
    KAFKA_SESSION_TIMEOUT_MS: int(1000, 300_000).default(30_000),
    KAFKA_HEARTBEAT_MS: int(100, 60_000).default(3_000),
    INDEXER_GROUP_ID: z.string().min(1).default('marquee-indexer'),
    /** Each API replica reads the whole film-index topic with a group of its own. */
    API_REPLICA_ID: z.string().min(1).optional(),

    REDIS_URL: z.url().optional(),
    CACHE_TTL_SECONDS: int(1, 86_400).default(300),
    CACHE_KEY_PREFIX: z.string().default('marquee:'),

    EMBEDDING_MODEL: z.string().min(1).default('models/marquee-multilingual'),
    EMBEDDING_ALLOW_REMOTE: bool.default(false),
    EMBEDDING_THREADS: int(1, 64).optional(),

    /** Required for writes and admin routes; in embedded mode a development key is used when unset. */
    API_KEY: z.string().min(16, 'API_KEY must be at least 16 characters').optional(),
    RATE_LIMIT_PER_MINUTE: int(1, 1_000_000).default(600),
    RELATED_MAX_LIMIT: int(1, 200).default(50),

    /** Publish the bundled demo catalogue at start (default: only in embedded mode). */
    DEMO_CATALOGUE: bool.optional(),
  })
  .superRefine((config, ctx) => {
    if (config.KAFKA_BROKERS && !config.API_KEY) {
      ctx.addIssue({ code: 'custom', path: ['API_KEY'], message: 'API_KEY is required when KAFKA_BROKERS is set' });
    }
  });

export type MarqueeConfig = z.infer<typeof MarqueeConfigSchema>;

export const DEVELOPMENT_API_KEY = 'marquee-development-key';

export const isEmbedded = (config: MarqueeConfig): boolean => !config.KAFKA_BROKERS;

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
