import type { EditionLedger, LedgerEntry } from '../ports/edition-ledger.port';

/** The ledger of one process (embedded previews, tests): gone when the process ends. */
export class MemoryEditionLedger implements EditionLedger {
  private readonly editions = new Map<string, Map<string, string>>();

  async done(edition: string, userIds: readonly string[]): Promise<Map<string, string>> {
    const entries = this.editions.get(edition);
    const done = new Map<string, string>();
    if (!entries) return done;
    for (const userId of userIds) {
      const hash = entries.get(userId);
      if (hash !== undefined) done.set(userId, hash);
    }
    return done;
  }

  async record(edition: string, entries: readonly LedgerEntry[]): Promise<void> {
    let recorded = this.editions.get(edition);
    if (!recorded) this.editions.set(edition, (recorded = new Map()));
    for (const { userId, contentHash } of entries) recorded.set(userId, contentHash);
  }

  async *entries(edition: string): AsyncIterable<LedgerEntry> {
    for (const [userId, contentHash] of this.editions.get(edition) ?? []) yield { userId, contentHash };
  }

  async forget(userId: string): Promise<void> {
    for (const entries of this.editions.values()) entries.delete(userId);
  }

  async close(): Promise<void> {}
}
