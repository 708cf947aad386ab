import Redis from 'ioredis';
import { ThemeModelSchema, type ThemeModel } from '@marquee/domain';
import { StaleUpdateError, type AudienceStore, type Counts, type WeekUpdate } from './audience-store.port';
import { WEEK_MS } from './iso-week';

/**
 * One week's update, atomically: KEYS seen, n, q, fence, version, then the HyperLogLogs; ARGV expireAt,
 * the week's new version, then (count, partition first last…) for the offsets, (count, items…) for the remembered ids, the `n`
 * fields with their increments, the `q` fields with theirs, and the members of each HyperLogLog in
 * KEYS order. Nothing is written when the fence of a partition is at or past the update's first
 * offset (another worker applied them). Every key it writes gets the week's expiry.
 */
const APPLY_WEEK = `
local expireAt = ARGV[1]
local n = tonumber(ARGV[3])
local i = 4
for f = i, i + 3 * n - 1, 3 do
  local applied = redis.call('HGET', KEYS[4], ARGV[f])
  if applied and tonumber(applied) >= tonumber(ARGV[f + 1]) then
    return redis.error_reply('STALE partition ' .. ARGV[f] .. ' is applied up to ' .. applied)
  end
end
if n > 0 then
  for f = i, i + 3 * n - 1, 3 do redis.call('HSET', KEYS[4], ARGV[f], ARGV[f + 2]) end
  redis.call('EXPIREAT', KEYS[4], expireAt)
end
i = i + 3 * n
redis.call('SET', KEYS[5], ARGV[2], 'EXAT', expireAt)
-- unpack is bounded by Lua's C stack: sets and sketches are added 4,000 members a call.
local function adding(command, key, count)
  local last = i + count - 1
  for s = i, last, 4000 do redis.call(command, key, unpack(ARGV, s, math.min(s + 3999, last))) end
  i = last + 1
end
n = tonumber(ARGV[i]); i = i + 1
if n > 0 then
  adding('SADD', KEYS[1], n)
  redis.call('EXPIREAT', KEYS[1], expireAt)
end
for k = 2, 3 do
  n = tonumber(ARGV[i]); i = i + 1
  if n > 0 then
    for f = i, i + 2 * n - 1, 2 do redis.call('HINCRBY', KEYS[k], ARGV[f], ARGV[f + 1]) end
    i = i + 2 * n
    redis.call('EXPIREAT', KEYS[k], expireAt)
  end
end
for k = 6, #KEYS do
  n = tonumber(ARGV[i]); i = i + 1
  if n > 0 then
    adding('PFADD', KEYS[k], n)
  else
    redis.call('PFADD', KEYS[k])
  end
  redis.call('EXPIREAT', KEYS[k], expireAt)
end
return 1
`;
/** Weeks whose counts are kept decoded, and union counts remembered (each bound clears its cache when reached). */
const CACHED_WEEKS = 60;
const CACHED_UNIQUES = 100_000;

/** The script as ioredis defines it (EVALSHA, loaded when the server does not know it yet). */
interface ApplyWeek {
  audienceApplyWeek(numberOfKeys: number, keys: string[], args: (string | number)[]): unknown;
}

/**
 * Audience aggregates in Redis. A week's keys share the hash tag `{week}` (one slot, so a week's
 * update is one MULTI) and expire together after the retention: a HyperLogLog cannot forget a
 * member, so an erased user's traces in the sketches go when their weeks go.
 *   {week}:fence        hash partition → last offset applied (a redelivery or replay at or before it is dropped)
 *   {week}:seen         set of applied ids that may be published again (not random version-4 ids)
 *   {week}:v            the week's version, new with every update of it: what the counts and uniques read are cached under
 *   {week}:n            hash `<cell>|<type>` → count: one key per week, so a batch sends one command per count and one expiry
 *   {week}:u:<cell>     HyperLogLog of members
 *   {week}:q            hash search text → count;  {week}:qu:<text>  HyperLogLog of searchers
 *   weeks (sorted set by week start), epoch, themes (JSON), erased (hash member → ms)
 */
export class RedisAudienceStore implements AudienceStore {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(
    url: string,
    private readonly options: { keyPrefix: string; retentionWeeks: number },
  ) {
    this.prefix = options.keyPrefix;
    this.redis = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true });
    this.redis.on('error', () => undefined); // surfaced by the failing command
    this.redis.defineCommand('audienceApplyWeek', { lua: APPLY_WEEK });
  }

  private key(week: string, rest: string): string {
    return `${this.prefix}{${week}}:${rest}`;
  }

  /**
   * Reads are cached under the versions of the weeks they cover, so a dashboard reads again only
   * the weeks that changed (the current one, mostly), not every week of its range on every epoch.
   * A version is unique to one update (this process, a counter and a random part: also across a
   * clear, which deletes the versions with the weeks); a week without one is never cached.
   */
  private readonly weekCountsCache = new Map<string, { version: string; counts: Map<string, Counts> }>();
  private readonly uniquesCache = new Map<string, number>();
  private versionCounter = 0;
  private readonly versionPrefix = `${process.pid}.${Math.random().toString(36).slice(2, 10)}.`;

  private newVersion(): string {
    return `${this.versionPrefix}${(this.versionCounter += 1)}`;
  }

  private async versions(weeks: readonly string[]): Promise<Map<string, string | null>> {
    const distinct = [...new Set(weeks)];
    const pipeline = this.redis.pipeline();
    for (const week of distinct) pipeline.get(this.key(week, 'v'));
    const results = (await pipeline.exec()) ?? [];
    return new Map(
      distinct.map((week, i) => {
        const [error, value] = results[i];
        if (error) throw error;
        return [week, value as string | null];
      }),
    );
  }

  async unseen(week: string, interactionIds: readonly string[]): Promise<boolean[]> {
    if (interactionIds.length === 0) return [];
    // An array argument, not a spread: a flush checks up to hundreds of thousands of ids.
    const flags = (await this.redis.smismember(this.key(week, 'seen'), interactionIds as string[])) as number[];
    return flags.map((flag) => flag === 0);
  }

  async fences(weeks: readonly string[]): Promise<Map<number, number>[]> {
    if (weeks.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const week of weeks) pipeline.hgetall(this.key(week, 'fence'));
    const results = (await pipeline.exec()) ?? [];
    return results.map(([error, value]) => {
      if (error) throw error;
      return new Map(Object.entries(value as Record<string, string>).map(([partition, offset]) => [Number(partition), Number(offset)]));
    });
  }

  /**
   * Every week's update is one script (atomic as a MULTI, but one command: building thousands of
   * HINCRBY/PFADD/EXPIREAT commands in ioredis cost more than Redis running them), all weeks in one
   * pipeline with the weeks index and the epoch: one round trip for the whole flush.
   */
  async apply(updates: readonly WeekUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const update of updates) {
      const expireAt = Math.ceil((update.weekStartMs + (this.options.retentionWeeks + 1) * WEEK_MS) / 1000);
      const keys = [
        this.key(update.week, 'seen'),
        this.key(update.week, 'n'),
        this.key(update.week, 'q'),
        this.key(update.week, 'fence'),
        this.key(update.week, 'v'),
      ];
      const args: (string | number)[] = [expireAt, this.newVersion(), update.offsets.size];
      for (const [partition, { first, last }] of update.offsets) args.push(partition, first, last);
      // Hundreds of thousands of arguments in a big flush: pushed one by one (a spread would overflow the stack).
      const append = (items: Iterable<string | number>) => {
        for (const item of items) args.push(item);
      };
      args.push(update.interactionIds.length);
      append(update.interactionIds);
      const fields: (string | number)[] = [];
      for (const [cell, byType] of update.counts) for (const [type, n] of byType) fields.push(`${cell}|${type}`, n);
      // A cell with members only (no counted type) still exists.
      for (const cell of update.members.keys()) if (!update.counts.has(cell)) fields.push(`${cell}|`, 0);
      args.push(fields.length / 2);
      append(fields);
      args.push(update.searches.size);
      for (const [text, search] of update.searches) args.push(text, search.count);
      for (const [cell, members] of update.members) {
        keys.push(this.key(update.week, `u:${cell}`));
        args.push(members.size);
        append(members);
      }
      for (const [text, search] of update.searches) {
        if (search.members.size === 0) continue;
        keys.push(this.key(update.week, `qu:${text}`));
        args.push(search.members.size);
        append(search.members);
      }
      // ioredis flattens array arguments.
      (pipeline as unknown as ApplyWeek).audienceApplyWeek(keys.length, keys, args);
      pipeline.zadd(`${this.prefix}weeks`, update.weekStartMs, update.week);
    }
    pipeline.incr(`${this.prefix}epoch`);
    pipeline.zremrangebyscore(`${this.prefix}weeks`, '-inf', Date.now() - (this.options.retentionWeeks + 1) * WEEK_MS);
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error);
    if (!results || failed) {
      const error = failed?.[0];
      if (error?.message.startsWith('STALE ')) throw new StaleUpdateError(error.message.slice('STALE '.length));
      throw error ?? new Error('the audience update was not applied');
    }
  }

  async weeks(): Promise<string[]> {
    return this.redis.zrange(`${this.prefix}weeks`, 0, -1);
  }

  /** The week's counts hash, read whole: cell → type → count (frozen: shared by every reader of this version). */
  async weekCounts(week: string): Promise<Map<string, Counts>> {
    const version = (await this.versions([week])).get(week) ?? null;
    const cached = this.weekCountsCache.get(week);
    if (version !== null && cached?.version === version) return cached.counts;
    // Read after its version: a newer update in between is cached under the older version and read again next time.
    const all = await this.redis.hgetall(this.key(week, 'n'));
    const cells = new Map<string, Counts>();
    for (const [field, n] of Object.entries(all)) {
      const bar = field.lastIndexOf('|');
      const cell = field.slice(0, bar);
      const type = field.slice(bar + 1);
      const counts = cells.get(cell) ?? {};
      if (type !== '') counts[type] = Number(n);
      cells.set(cell, counts);
    }
    for (const counts of cells.values()) Object.freeze(counts);
    if (version !== null) {
      if (this.weekCountsCache.size >= CACHED_WEEKS) this.weekCountsCache.clear();
      this.weekCountsCache.set(week, { version, counts: cells });
    }
    return cells;
  }

  async cells(week: string): Promise<string[]> {
    return [...(await this.weekCounts(week)).keys()];
  }

  async counts(week: string, cells: readonly string[]): Promise<Counts[]> {
    if (cells.length === 0) return [];
    const all = await this.weekCounts(week);
    return cells.map((cell) => all.get(cell) ?? {});
  }

  async uniques(groups: readonly (readonly { week: string; cell: string }[])[]): Promise<number[]> {
    const versions = await this.versions(groups.flatMap((cells) => cells.map(({ week }) => week)));
    const cacheKeys = groups.map((cells) => {
      if (cells.length === 0 || cells.some(({ week }) => versions.get(week) === null)) return undefined;
      return cells.map(({ week, cell }) => `${week}@${versions.get(week)}|${cell}`).join('\n');
    });
    const answers = groups.map((_, i) => {
      const key = cacheKeys[i];
      return key === undefined ? undefined : this.uniquesCache.get(key);
    });
    const pipeline = this.redis.pipeline();
    const asked = groups.flatMap((cells, i) => (cells.length > 0 && answers[i] === undefined ? [i] : []));
    for (const i of asked) pipeline.pfcount(...groups[i].map(({ week, cell }) => this.key(week, `u:${cell}`)));
    const results = asked.length === 0 ? [] : ((await pipeline.exec()) ?? []);
    if (this.uniquesCache.size + asked.length > CACHED_UNIQUES) this.uniquesCache.clear();
    asked.forEach((i, n) => {
      const [error, value] = results[n];
      if (error) throw error;
      answers[i] = Number(value);
      const key = cacheKeys[i];
      if (key !== undefined) this.uniquesCache.set(key, Number(value));
    });
    return answers.map((answer) => answer ?? 0);
  }

  async searches(week: string): Promise<Map<string, number>> {
    const all = await this.redis.hgetall(this.key(week, 'q'));
    return new Map(Object.entries(all).map(([text, n]) => [text, Number(n)]));
  }

  async searchUniques(weeks: readonly string[], text: string): Promise<number> {
    if (weeks.length === 0) return 0;
    return this.redis.pfcount(...weeks.map((week) => this.key(week, `qu:${text}`)));
  }

  async epoch(): Promise<number> {
    return Number((await this.redis.get(`${this.prefix}epoch`)) ?? 0);
  }

  async saveThemes(model: ThemeModel): Promise<void> {
    await this.redis.multi().set(`${this.prefix}themes`, JSON.stringify(model)).incr(`${this.prefix}epoch`).exec();
  }

  async loadThemes(): Promise<ThemeModel | undefined> {
    const raw = await this.redis.get(`${this.prefix}themes`);
    return raw === null ? undefined : ThemeModelSchema.parse(JSON.parse(raw));
  }

  async recordErasure(member: string, atMs: number): Promise<void> {
    const key = `${this.prefix}erased`;
    const previous = Number((await this.redis.hget(key, member)) ?? 0);
    if (atMs > previous) await this.redis.hset(key, member, String(atMs));
  }

  async erasedAt(members: readonly string[]): Promise<(number | undefined)[]> {
    if (members.length === 0) return [];
    const values = (await this.redis.call('HMGET', [`${this.prefix}erased`, ...members])) as (string | null)[];
    return values.map((v) => (v === null ? undefined : Number(v)));
  }

  async clearAggregates(): Promise<void> {
    this.weekCountsCache.clear();
    this.uniquesCache.clear();
    const weeks = await this.weeks();
    for (const week of weeks) {
      let cursor = '0';
      do {
        const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}{${week}}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await this.redis.unlink(...keys);
      } while (cursor !== '0');
    }
    await this.redis.multi().del(`${this.prefix}weeks`).incr(`${this.prefix}epoch`).exec();
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
