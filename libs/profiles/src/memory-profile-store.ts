import { decodeProfile, encodeProfile } from './profile-codec';
import type { ProfileStore, SaveOutcome } from './profile-store.port';
import type { UserProfile } from './user-profile';

interface Tombstone {
  erasedAt: number;
  expiresAt: number;
}

/**
 * Profiles in this process (embedded mode and tests). Keeps the encoded form, as Redis does: callers
 * never share a profile object with the store, and the codec is exercised everywhere.
 */
export class MemoryProfileStore implements ProfileStore {
  private readonly profiles = new Map<string, Buffer>();
  private readonly tombstones = new Map<string, Tombstone>();

  constructor(private readonly options: { tombstoneTtlSeconds: number; now?: () => number }) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  async get(userId: string): Promise<UserProfile | undefined> {
    const bytes = this.profiles.get(userId);
    return bytes && decodeProfile(bytes);
  }

  async getMany(userIds: readonly string[]): Promise<(UserProfile | undefined)[]> {
    return Promise.all(userIds.map((id) => this.get(id)));
  }

  async save(profile: UserProfile, expectedVersion: number): Promise<SaveOutcome> {
    const erasedAt = await this.erasedAt(profile.userId);
    if (erasedAt !== undefined && erasedAt >= profile.createdAt) return 'erased';
    const stored = this.profiles.get(profile.userId);
    const storedVersion = stored ? decodeProfile(stored).version : 0;
    if (storedVersion !== expectedVersion) return 'conflict';
    this.profiles.set(profile.userId, encodeProfile(profile));
    return 'saved';
  }

  async erase(userId: string, erasedAt: Date): Promise<void> {
    this.profiles.delete(userId);
    const known = this.tombstones.get(userId);
    const at = Math.max(erasedAt.getTime(), known?.erasedAt ?? -Infinity);
    this.tombstones.set(userId, { erasedAt: at, expiresAt: this.now() + this.options.tombstoneTtlSeconds * 1_000 });
  }

  async erasedAt(userId: string): Promise<number | undefined> {
    const tombstone = this.tombstones.get(userId);
    if (!tombstone) return undefined;
    if (tombstone.expiresAt <= this.now()) {
      this.tombstones.delete(userId);
      return undefined;
    }
    return tombstone.erasedAt;
  }

  async *scan(batchSize = 500): AsyncIterable<UserProfile[]> {
    let batch: UserProfile[] = [];
    for (const bytes of [...this.profiles.values()]) {
      batch.push(decodeProfile(bytes));
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  /** Encoded bytes per stored profile, on average (the Redis adapter reports what Redis holds). */
  averageEncodedBytes(): number {
    let total = 0;
    for (const bytes of this.profiles.values()) total += bytes.length;
    return this.profiles.size === 0 ? 0 : total / this.profiles.size;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}
