import Redis, { type RedisOptions } from 'ioredis';
import { decodeProfile, encodeProfile } from './profile-codec';
import type { ProfileStore, SaveOutcome } from './profile-store.port';
import type { UserProfile } from './user-profile';

export interface RedisProfileStoreOptions {
  /** Prepended to every key, so deployments and test runs sharing a Redis stay apart. */
  keyPrefix: string;
  tombstoneTtlSeconds: number;
  commandTimeoutMs?: number;
}

// KEYS: profile hash, tombstone. ARGV: expected version, new version, profile createdAt, payload.
const SAVE = `
local erased = redis.call('GET', KEYS[2])
if erased and tonumber(erased) >= tonumber(ARGV[3]) then return 'erased' end
local stored = redis.call('HGET', KEYS[1], 'v') or '0'
if stored ~= ARGV[1] then return 'conflict' end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'p', ARGV[4])
return 'saved'`;

// KEYS: profile hash, tombstone. ARGV: erasure time (ms), tombstone TTL (ms). The later erasure wins.
const ERASE = `
local known = redis.call('GET', KEYS[2])
local at = ARGV[1]
if known and tonumber(known) > tonumber(at) then at = known end
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], at, 'PX', ARGV[2])
return 1`;

type ProfileCommands = Redis & {
  saveProfile(
    profileKey: string,
    tombstoneKey: string,
    expected: string,
    version: string,
    createdAt: string,
    payload: Buffer,
  ): Promise<string>;
  eraseProfile(profileKey: string, tombstoneKey: string, erasedAt: string, ttlMs: string): Promise<number>;
};

/**
 * Profiles in Redis: one hash per user (`v` = version, `p` = the encoded profile) and an erasure
 * tombstone beside it. Both keys carry the user id as hash tag, so the Lua scripts that compare
 * versions and tombstones touch one slot, also on Redis Cluster.
 */
export class RedisProfileStore implements ProfileStore {
  private readonly client: ProfileCommands;
  private readonly ownsClient: boolean;

  constructor(
    connection: string | Redis,
    private readonly options: RedisProfileStoreOptions,
  ) {
    const redisOptions: RedisOptions = {
      enableAutoPipelining: true,
      // Connects on the first command: processes that never touch profiles (the indexer) open no connection.
      lazyConnect: true,
      maxRetriesPerRequest: 2,
      connectTimeout: 2_000,
      commandTimeout: options.commandTimeoutMs ?? 2_000,
      retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 10), 5_000),
      disconnectTimeout: 200,
    };
    this.ownsClient = typeof connection === 'string';
    const client = typeof connection === 'string' ? new Redis(connection, redisOptions) : connection;
    if (this.ownsClient) client.on('error', () => undefined);
    client.defineCommand('saveProfile', { numberOfKeys: 2, lua: SAVE });
    client.defineCommand('eraseProfile', { numberOfKeys: 2, lua: ERASE });
    this.client = client as ProfileCommands;
  }

  private profileKey(userId: string): string {
    return `${this.options.keyPrefix}profile:{${userId}}`;
  }

  private tombstoneKey(userId: string): string {
    return `${this.options.keyPrefix}erased:{${userId}}`;
  }

  async get(userId: string): Promise<UserProfile | undefined> {
    const bytes = await this.client.hgetBuffer(this.profileKey(userId), 'p');
    return bytes ? decodeProfile(bytes) : undefined;
  }

  async getMany(userIds: readonly string[]): Promise<(UserProfile | undefined)[]> {
    return Promise.all(userIds.map((id) => this.get(id)));
  }

  async save(profile: UserProfile, expectedVersion: number): Promise<SaveOutcome> {
    const outcome = await this.client.saveProfile(
      this.profileKey(profile.userId),
      this.tombstoneKey(profile.userId),
      String(expectedVersion),
      String(profile.version),
      String(profile.createdAt),
      encodeProfile(profile),
    );
    return outcome as SaveOutcome;
  }

  async erase(userId: string, erasedAt: Date): Promise<void> {
    await this.client.eraseProfile(
      this.profileKey(userId),
      this.tombstoneKey(userId),
      String(erasedAt.getTime()),
      String(this.options.tombstoneTtlSeconds * 1_000),
    );
  }

  async erasedAt(userId: string): Promise<number | undefined> {
    const value = await this.client.get(this.tombstoneKey(userId));
    return value === null ? undefined : Number(value);
  }

  async *scan(batchSize = 500): AsyncIterable<UserProfile[]> {
    const match = `${this.options.keyPrefix.replace(/[*?[\]\\]/g, '\\$&')}profile:*`;
    for await (const keys of this.client.scanStream({ match, count: batchSize })) {
      const found = keys as string[];
      if (found.length === 0) continue;
      const values = await Promise.all(found.map((key) => this.client.hgetBuffer(key, 'p')));
      const profiles = values.filter((v): v is Buffer => v !== null).map(decodeProfile);
      if (profiles.length > 0) yield profiles;
    }
  }

  /** Bytes Redis uses for the user's profile (`MEMORY USAGE`: key, value and overhead). */
  async memoryUsage(userId: string): Promise<number | undefined> {
    const bytes = (await this.client.call('MEMORY', 'USAGE', this.profileKey(userId), 'SAMPLES', '0')) as number | null;
    return bytes ?? undefined;
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  async close(): Promise<void> {
    if (!this.ownsClient || this.client.status === 'end') return;
    if (this.client.status === 'wait') return this.client.disconnect();
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
