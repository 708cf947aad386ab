import type { Film, VectorIndex } from '@marquee/domain';

export interface CatalogueEntry {
  film: Film;
  version: number;
  contentHash: string;
}

/**
 * The API replica's read model: every indexed film with its vector.
 * `epoch` changes with every applied change, so cache keys that carry it never serve stale answers.
 */
export class FilmCatalogue {
  private readonly entries = new Map<string, CatalogueEntry>();
  /** Versions of removed films, so a late, older upsert cannot resurrect them. */
  private readonly removedVersions = new Map<string, number>();

  constructor(readonly index: VectorIndex) {}

  get(id: string): CatalogueEntry | undefined {
    return this.entries.get(id);
  }

  size(): number {
    return this.entries.size;
  }

  films(): IterableIterator<CatalogueEntry> {
    return this.entries.values();
  }

  /** Applies an upsert unless an equal or newer version is known. Returns whether it changed anything. */
  upsert(entry: CatalogueEntry, vector: Float32Array): boolean {
    const current = this.entries.get(entry.film.id)?.version ?? this.removedVersions.get(entry.film.id) ?? -1;
    if (entry.version <= current) return false;
    this.removedVersions.delete(entry.film.id);
    this.entries.set(entry.film.id, entry);
    this.index.upsert(entry.film.id, vector);
    return true;
  }

  /** Removes a film; `version` undefined means unconditionally (a tombstone without version). */
  remove(id: string, version?: number): boolean {
    const current = this.entries.get(id);
    if (!current || (version !== undefined && version < current.version)) return false;
    this.entries.delete(id);
    this.index.remove(id);
    this.removedVersions.set(id, version ?? current.version);
    return true;
  }
}
