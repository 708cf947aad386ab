import type { Film, VectorIndex } from '@marquee/domain';
import type { PlaceFacts } from './film-facts';
import { VenueIndex } from './venue-index';

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
  /** Films by venue, kept in step with every upsert and removal. */
  readonly venues = new VenueIndex();
  /** Film ids, most popular first; built on first use after a change. */
  private popularityOrder: string[] | undefined;

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

  /** Film ids, most popular first (ties by id): what popularity candidates are scanned in, without sorting per request. */
  byPopularity(): readonly string[] {
    this.popularityOrder ??= [...this.entries.values()]
      .map(({ film }) => ({ id: film.id, popularity: film.popularity ?? 0 }))
      .sort((a, b) => b.popularity - a.popularity || (a.id < b.id ? -1 : 1))
      .map(({ id }) => id);
    return this.popularityOrder;
  }

  /** Removed film ids with the version that removed them, e.g. for snapshots. */
  removals(): IterableIterator<[string, number]> {
    return this.removedVersions.entries();
  }

  /**
   * Puts back a film from a snapshot, whose vector the index already holds (it was restored with
   * the snapshot), and the places it screens at (read from the film when not given). Everything
   * `upsert` maintains besides the index must be maintained here too.
   */
  restore(id: string, entry: CatalogueEntry, places?: readonly PlaceFacts[]): void {
    this.entries.set(id, entry);
    this.popularityOrder = undefined;
    if (places) this.venues.putPlaces(id, places);
    else this.venues.put(entry.film);
  }

  /** Puts back a removal from a snapshot. */
  restoreRemoval(id: string, version: number): void {
    this.removedVersions.set(id, version);
  }

  /** Applies an upsert unless an equal or newer version is known. Returns whether it changed anything. */
  upsert(entry: CatalogueEntry, vector: Float32Array): boolean {
    const current = this.entries.get(entry.film.id)?.version ?? this.removedVersions.get(entry.film.id) ?? -1;
    if (entry.version <= current) return false;
    this.removedVersions.delete(entry.film.id);
    this.entries.set(entry.film.id, entry);
    this.popularityOrder = undefined;
    this.index.upsert(entry.film.id, vector);
    this.venues.put(entry.film);
    return true;
  }

  /** Removes a film; `version` undefined means unconditionally (a tombstone without version). */
  remove(id: string, version?: number): boolean {
    const current = this.entries.get(id);
    if (!current || (version !== undefined && version < current.version)) return false;
    this.entries.delete(id);
    this.popularityOrder = undefined;
    this.index.remove(id);
    this.venues.delete(id);
    this.removedVersions.set(id, version ?? current.version);
    return true;
  }
}
