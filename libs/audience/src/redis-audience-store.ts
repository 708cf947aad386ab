import Redis from 'ioredis';
import { ThemeModelSchema, type ThemeModel } from '@marquee/domain';
import { StaleUpdateError, type AudienceStore, type Counts, type WeekUpdate } from './audience-store.port';
import { WEEK_MS } from './iso-week';

/**
 * One week's update, atomically: KEYS seen, n, q, fence, then the HyperLogLogs; ARGV expireAt, then
 * (count, partition first last…) for the offsets, (count, items…) for the remembered ids, the `n`
 * fields with their increments, the `q` fields with theirs, and the members of each HyperLogLog in
 * KEYS order. Nothing is written when the fence of a partition is at or past the update's first
 * offset (another worker applied them). Every key it writes gets the week's expiry.
 */
const APPLY_WEEK = `
local expireAt = ARGV[1]
local n = tonumber(ARGV[2])
local i = 3
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
for k = 5, #KEYS do
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
      const keys = [this.key(update.week, 'seen'), this.key(update.week, 'n'), this.key(update.week, 'q'), this.key(update.week, 'fence')];
      const args: (string | number)[] = [expireAt, update.offsets.size];
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

  /** The week's counts hash, read whole: cell → type → count. */
  async weekCounts(week: string): Promise<Map<string, Counts>> {
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
    const pipeline = this.redis.pipeline();
    const asked = groups.filter((cells) => cells.length > 0);
    for (const cells of asked) pipeline.pfcount(...cells.map(({ week, cell }) => this.key(week, `u:${cell}`)));
    const results = asked.length === 0 ? [] : ((await pipeline.exec()) ?? []);
    let next = 0;
    return groups.map((cells) => {
      if (cells.length === 0) return 0;
      const [error, value] = results[next++];
      if (error) throw error;
      return Number(value);
    });
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
