/** One subscriber's newsletter of an edition, as the ledger keeps it. */
export interface LedgerEntry {
  userId: string;
  /** SHA-256 of what was produced: a rerun that produces something else for a done subscriber is visible. */
  contentHash: string;
}

/**
 * What each edition produced for whom. An entry is recorded only after the subscriber's output is
 * durable (fsync'd file, acknowledged Kafka message), so a rerun skips exactly the subscribers done.
 */
export interface EditionLedger {
  /** The given subscribers that are done in the edition, with their hashes. */
  done(edition: string, userIds: readonly string[]): Promise<Map<string, string>>;
  record(edition: string, entries: readonly LedgerEntry[]): Promise<void>;
  /** Every entry of the edition, in no particular order. */
  entries(edition: string): AsyncIterable<LedgerEntry>;
  /** Erasure: the user's entries in every edition. */
  forget(userId: string): Promise<void>;
  close(): Promise<void>;
}

export const EDITION_LEDGER = Symbol('EditionLedger');
