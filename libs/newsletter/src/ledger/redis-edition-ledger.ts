import type Redis from 'ioredis';
import type { EditionLedger, LedgerEntry } from '../ports/edition-ledger.port';

const SCAN_COUNT = 1_000;

/**
 * A ledger in Redis: one hash per edition (userId -> content hash) and a set of the editions, so
 * that erasure finds a user's entries in each. HSET is acknowledged once applied; run Redis with
 * AOF (`appendfsync everysec` or `always`) where a ledger must outlive a Redis crash.
 */
export class RedisEditionLedger implements EditionLedger {
  constructor(
    private readonly client: Redis,
    private readonly keyPrefix = 'marquee:',
  ) {}

  private keyOf(edition: string): string {
    return `${this.keyPrefix}newsletter:ledger:${edition}`;
  }

  private get editionsKey(): string {
    return `${this.keyPrefix}newsletter:ledger-editions`;
  }

  async done(edition: string, userIds: readonly string[]): Promise<Map<string, string>> {
    const done = new Map<string, string>();
    if (userIds.length === 0) return done;
    const hashes = await this.client.hmget(this.keyOf(edition), ...userIds);
    userIds.forEach((userId, i) => {
      const hash = hashes[i];
      if (hash !== null) done.set(userId, hash);
    });
    return done;
  }

  async record(edition: string, entries: readonly LedgerEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const fields = entries.flatMap(({ userId, contentHash }) => [userId, contentHash]);
    const results = await this.client
      .multi()
      .sadd(this.editionsKey, edition)
      .hset(this.keyOf(edition), ...fields)
      .exec();
    const failed = results?.find(([error]) => error);
    if (!results || failed) throw failed?.[0] ?? new Error('the ledger transaction was discarded');
  }

  async *entries(edition: string): AsyncIterable<LedgerEntry> {
    let cursor = '0';
    do {
      const [next, flat] = await this.client.hscan(this.keyOf(edition), cursor, 'COUNT', SCAN_COUNT);
      for (let i = 0; i < flat.length; i += 2) yield { userId: flat[i], contentHash: flat[i + 1] };
      cursor = next;
    } while (cursor !== '0');
  }

  async forget(userId: string): Promise<void> {
    const editions = await this.client.smembers(this.editionsKey);
    if (editions.length === 0) return;
    const pipeline = this.client.pipeline();
    for (const edition of editions) pipeline.hdel(this.keyOf(edition), userId);
    await pipeline.exec();
  }

  async close(): Promise<void> {}
}
