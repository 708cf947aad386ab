import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule, ConfigService, registerAs } from '@nestjs/config';
import { isAbsolute, resolve } from 'node:path';
import { MemoryCache, RedisCache, TieredCache } from '@marquee/cache';
import {
  collaborativeStoreSettings,
  isEmbedded,
  MARQUEE_CONFIG,
  memoryCacheSettings,
  profileStoreSettings,
  type MarqueeConfig,
} from '@marquee/config';
import { COLLABORATIVE_STORE, MemoryCollaborativeStore, RedisCollaborativeStore, type CollaborativeStore } from '@marquee/collaborative';
import {
  CACHE,
  EMBEDDER,
  EVENT_BUS,
  FILM_EMBEDDING_TEXT,
  VECTOR_INDEX_FACTORY,
  type Cache,
  type Embedder,
  type EventBus,
  type VectorIndexFactory,
} from '@marquee/domain';
import { filmEmbeddingText, TransformersEmbedder } from '@marquee/embedder';
import { InProcessEventBus } from '@marquee/event-bus';
import { KafkaEventBus } from '@marquee/kafka';
import { MemoryProfileStore, PROFILE_STORE, RedisProfileStore, type ProfileStore } from '@marquee/profiles';
import { HnswVectorIndex } from '@marquee/vector-index';

const logger = new Logger('Infrastructure');

/** A path (not a hub id like `Xenova/multilingual-e5-small`) is resolved against the working directory. */
const modelLocation = (model: string): string =>
  model.startsWith('.') || model.startsWith('/') || model.startsWith('models/') ? resolve(model) : model;

/**
 * Chooses the adapter behind each port from the validated configuration: Kafka and Redis (behind
 * an in-process tier) when configured, in-process bus and memory cache otherwise; hnswlib for the
 * replica's vector index. Imported once, by the app's root module, with `forRoot`.
 */
@Module({
  providers: [
    {
      provide: MARQUEE_CONFIG,
      inject: [ConfigService],
      useFactory: (config: ConfigService): MarqueeConfig => config.getOrThrow<MarqueeConfig>('marquee'),
    },
    {
      provide: EVENT_BUS,
      inject: [MARQUEE_CONFIG],
      useFactory: (config: MarqueeConfig): EventBus => {
        if (isEmbedded(config)) {
          logger.log('KAFKA_BROKERS not set: using the in-process event bus');
          return new InProcessEventBus();
        }
        return new KafkaEventBus({
          brokers: config.KAFKA_BROKERS as string[],
          clientId: config.KAFKA_CLIENT_ID,
          idempotent: config.KAFKA_IDEMPOTENT,
          sessionTimeout: config.KAFKA_SESSION_TIMEOUT_MS,
          heartbeatInterval: config.KAFKA_HEARTBEAT_MS,
          groupSyncDelayMs: config.KAFKA_GROUP_SYNC_DELAY_MS,
          maxWaitTimeInMs: config.KAFKA_FETCH_MAX_WAIT_MS,
          publishTimeoutMs: config.KAFKA_PUBLISH_TIMEOUT_MS,
          logger: new Logger('Kafka'),
        });
      },
    },
    {
      provide: CACHE,
      inject: [MARQUEE_CONFIG],
      useFactory: (config: MarqueeConfig): Cache => {
        const { maxEntries, maxBytes } = memoryCacheSettings(config);
        if (!config.REDIS_URL) {
          logger.log('REDIS_URL not set: using the in-memory cache');
          return new MemoryCache({ maxEntries, maxBytes });
        }
        const redis = new RedisCache(config.REDIS_URL, { keyPrefix: config.CACHE_KEY_PREFIX });
        if (config.CACHE_LOCAL_TTL_SECONDS === 0) return redis;
        // Hot answers skip the round trip to Redis: keys carry the catalogue epoch, so a local copy is never stale.
        return new TieredCache(redis, {
          localTtlSeconds: config.CACHE_LOCAL_TTL_SECONDS,
          localMaxEntries: maxEntries,
          localMaxBytes: maxBytes,
        });
      },
    },
    {
      provide: PROFILE_STORE,
      inject: [MARQUEE_CONFIG],
      useFactory: (config: MarqueeConfig): ProfileStore => {
        const settings = profileStoreSettings(config);
        const url = config.PROFILE_REDIS_URL ?? config.REDIS_URL;
        return url ? new RedisProfileStore(url, settings) : new MemoryProfileStore(settings);
      },
    },
    {
      provide: COLLABORATIVE_STORE,
      inject: [MARQUEE_CONFIG],
      useFactory: (config: MarqueeConfig): CollaborativeStore => {
        const settings = collaborativeStoreSettings(config);
        const url = config.PROFILE_REDIS_URL ?? config.REDIS_URL;
        return url ? new RedisCollaborativeStore(url, settings) : new MemoryCollaborativeStore(settings);
      },
    },
    {
      provide: EMBEDDER,
      inject: [MARQUEE_CONFIG],
      useFactory: async (config: MarqueeConfig): Promise<Embedder> => {
        const model = modelLocation(config.EMBEDDING_MODEL);
        const embedder = await TransformersEmbedder.create({
          model,
          allowRemoteModels: config.EMBEDDING_ALLOW_REMOTE,
          threads: config.EMBEDDING_THREADS,
          inlineMaxChars: config.EMBEDDING_INLINE_MAX_CHARS,
        });
        const inline =
          embedder.callingThreadMaxChars > 0 ? `, calls of up to ${embedder.callingThreadMaxChars} characters on the calling thread` : '';
        logger.log(
          `embedding model ${embedder.modelId} (${embedder.dimension} dimensions) from ${isAbsolute(model) ? model : 'the hub'}, ${embedder.threads} worker threads${inline}`,
        );
        return embedder;
      },
    },
    // Which text of a film gets embedded is the embedder's to say (its length limit, its preparation).
    { provide: FILM_EMBEDDING_TEXT, useValue: filmEmbeddingText },
    { provide: VECTOR_INDEX_FACTORY, useValue: ((dimension) => new HnswVectorIndex({ dimension })) satisfies VectorIndexFactory },
  ],
  exports: [MARQUEE_CONFIG, EVENT_BUS, CACHE, PROFILE_STORE, COLLABORATIVE_STORE, EMBEDDER, FILM_EMBEDDING_TEXT, VECTOR_INDEX_FACTORY],
})
export class InfrastructureModule implements OnApplicationShutdown {
  /**
   * Global: every module of the app gets the ports and `MARQUEE_CONFIG`. The app's main validated
   * `config` before building any module (`validateMarqueeConfig`), so a wrong variable stops the
   * process with the variable named.
   */
  static forRoot(config: MarqueeConfig): DynamicModule {
    return {
      module: InfrastructureModule,
      global: true,
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [registerAs('marquee', () => config)] })],
    };
  }

  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(CACHE) private readonly cache: Cache,
    @Inject(PROFILE_STORE) private readonly profiles: ProfileStore,
    @Inject(COLLABORATIVE_STORE) private readonly collaborative: CollaborativeStore,
    @Inject(EMBEDDER) private readonly embedder: Embedder,
  ) {}

  /** Runs after every consumer stopped (their hooks run first), so nothing is cut off mid-batch. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([
      this.bus.close(),
      this.cache.close(),
      this.profiles.close(),
      this.collaborative.close(),
      this.embedder.close(),
    ]);
  }
}
