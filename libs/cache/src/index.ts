export { CacheUnavailableError } from './cache-unavailable.error';
export { MemoryCache, type MemoryCacheOptions } from './memory-cache';
export { RedisCache, resilientRedisOptions, type RedisCacheOptions } from './redis-cache';
export { TieredCache, type TieredCacheOptions } from './tiered-cache';
