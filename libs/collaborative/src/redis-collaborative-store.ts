import Redis from 'ioredis';
import { capHistory, newestFirst, type Engagement, type EngagementChange, type UserHistory } from './engagement';
import { trimThreshold, type CollaborativeStore, type StoredModel } from './collaborative-store.port';
import type { ItemModelSnapshot } from './item-model';

export interface RedisCollaborativeStoreOptions {
  /** Prepended to every key, so deployments and test runs sharing a Redis stay apart. */
  keyPrefix: string;
  maxFilmsPerUser: number;
  /** How long an erased user's tombstone outlives the erasure: at least as long as `user-interactions` keeps their messages. */
  tombstoneTtlSeconds: number;
}

/** Histories read per round trip while streaming them for a refit. */
const SCAN_BATCH = 500;

/**
 * Merges changes into one user's hash (field: film id, value: `weight:atMs`) exactly as
 * `mergeEngagement` does, keeping the winning strings as given so both stores hold the same
 * numbers, and trims the hash to the newest `cap` films once it outgrows `trimAbove`.
 * Changes at or before the user's erasure tombstone are ignored.
 * KEYS: the user's hash, the set of users, the user's tombstone. ARGV: cap, trimAbove, userId, then film, weight, atMs per change.
 */
const APPLY_SCRIPT = `
local cap, trimAbove = tonumber(ARGV[1]), tonumber(ARGV[2])
local erasedAt = tonumber(redis.call('GET', KEYS[3]) or '-1e300')
for i = 4, #ARGV, 3 do
  local film, w, at = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if tonumber(at) <= erasedAt then
    -- erased: a replayed interaction does not bring the user back
  elseif tonumber(w) <= 0 then
    redis.call('HDEL', KEYS[1], film)
  else
    local current = redis.call('HGET', KEYS[1], film)
    if current then
      local sep = string.find(current, ':', 1, true)
      local cw, ca = string.sub(current, 1, sep - 1), string.sub(current, sep + 1)
      if tonumber(cw) > tonumber(w) then w = cw end
      if tonumber(ca) > tonumber(at) then at = ca end
    end
    redis.call('HSET', KEYS[1], film, w .. ':' .. at)
  end
end
if redis.call('HLEN', KEYS[1]) > trimAbove then
  local all = redis.call('HGETALL', KEYS[1])
  local entries = {}
  for i = 1, #all, 2 do
    local sep = string.find(all[i + 1], ':', 1, true)
    table.insert(entries, { film = all[i], w = tonumber(string.sub(all[i + 1], 1, sep - 1)), at = tonumber(string.sub(all[i + 1], sep + 1)) })
  end
  table.sort(entries, function(a, b)
    if a.at ~= b.at then return a.at > b.at end
    if a.w ~= b.w then return a.w > b.w end
    return a.film < b.film
  end)
  for i = cap + 1, #entries do redis.call('HDEL', KEYS[1], entries[i].film) end
end
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('SADD', KEYS[2], ARGV[3]) else redis.call('SREM', KEYS[2], ARGV[3]) end
return 1
`;

const parseHash = (hash: Record<string, string>): Engagement[] =>
  Object.entries(hash).map(([filmId, value]) => {
    const sep = value.indexOf(':');
    return { filmId, weight: Number(value.slice(0, sep)), atMs: Number(value.slice(sep + 1)) };
  });

/**
 * The collaborative store in Redis: a hash per user, a set naming the users (streamed with SSCAN
 * for a refit), the fitted model as one JSON value next to its version counter.
 */
export class RedisCollaborativeStore implements CollaborativeStore {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly options: RedisCollaborativeStoreOptions,
  ) {
    this.redis = new Redis(url, { keyPrefix: options.keyPrefix, lazyConnect: true, maxRetriesPerRequest: 2 });
    this.redis.defineCommand('applyEngagements', { numberOfKeys: 3, lua: APPLY_SCRIPT });
  }

  async apply(changes: readonly EngagementChange[]): Promise<void> {
    const byUser = new Map<string, EngagementChange[]>();
    for (const change of changes) {
      const list = byUser.get(change.userId);
      if (list) list.push(change);
      else byUser.set(change.userId, [change]);
    }
    const { maxFilmsPerUser } = this.options;
    const pipeline = this.redis.pipeline();
    for (const [userId, list] of byUser) {
      const args = list.flatMap((c) => [c.filmId, String(c.weight), String(c.atMs)]);
      (pipeline as unknown as Record<string, (...a: (string | number)[]) => unknown>).applyEngagements(
        this.userKey(userId),
        'users',
        this.tombstoneKey(userId),
        maxFilmsPerUser,
        trimThreshold(maxFilmsPerUser),
        userId,
        ...args,
      );
    }
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error);
    if (failed) throw failed[0] as Error;
  }

  async historyOf(userId: string): Promise<Engagement[]> {
    const hash = await this.redis.hgetall(this.userKey(userId));
    return capHistory(parseHash(hash), this.options.maxFilmsPerUser).sort(newestFirst);
  }

  async *histories(): AsyncIterable<UserHistory> {
    let cursor = '0';
    do {
      const [next, userIds] = await this.redis.sscan('users', cursor, 'COUNT', SCAN_BATCH);
      cursor = next;
      if (userIds.length === 0) continue;
      const pipeline = this.redis.pipeline();
      for (const userId of userIds) pipeline.hgetall(this.userKey(userId));
      const hashes = (await pipeline.exec()) ?? [];
      for (let n = 0; n < userIds.length; n++) {
        const [error, hash] = hashes[n];
        if (error) throw error;
        const engagements = capHistory(parseHash(hash as Record<string, string>), this.options.maxFilmsPerUser).sort(newestFirst);
        if (engagements.length > 0) yield { userId: userIds[n], engagements };
      }
    } while (cursor !== '0');
  }

  async erase(userId: string, erasedAtMs: number): Promise<void> {
    const results = await this.redis
      .multi()
      .unlink(this.userKey(userId))
      .srem('users', userId)
      .set(this.tombstoneKey(userId), String(erasedAtMs), 'EX', this.options.tombstoneTtlSeconds)
      .exec();
    const failed = results?.find(([error]) => error);
    if (failed) throw failed[0] as Error;
  }

  async saveModel(snapshot: ItemModelSnapshot): Promise<number> {
    const results = await this.redis.multi().set('model', JSON.stringify(snapshot)).incr('model:version').exec();
    const [error, version] = results?.[1] ?? [new Error('the model was not saved')];
    if (error) throw error;
    return Number(version);
  }

  async loadModel(): Promise<StoredModel | undefined> {
    const results = await this.redis.multi().get('model').get('model:version').exec();
    const model = results?.[0]?.[1] as string | null;
    const version = results?.[1]?.[1] as string | null;
    if (!model || !version) return undefined;
    return { version: Number(version), snapshot: JSON.parse(model) as ItemModelSnapshot };
  }

  async modelVersion(): Promise<number> {
    return Number((await this.redis.get('model:version')) ?? 0);
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private userKey(userId: string): string {
    return `h:${userId}`;
  }

  private tombstoneKey(userId: string): string {
    return `erased:${userId}`;
  }
}
