import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import { crc32Hex, crc32OfFilesOffThread, forEachLine, sha256OfText } from './catalogue-snapshot-files';
import type { CatalogueEntry, FilmCatalogue } from './film-catalogue';

/** Bumped whenever the layout changes; a snapshot of another format is rebuilt from the log. */
export const SNAPSHOT_FORMAT = 2 as const;

const MANIFEST = 'manifest.json';
const CATALOGUE_FILE = 'catalogue.ndjson';
const SNAPSHOT_PREFIX = 'snapshot-';
const STAGING_PREFIX = '.writing-';
const LINES_PER_TURN = 1_000;

export interface SnapshotModel {
  id: string;
  dimension: number;
}

/** The vector side of a snapshot (`HnswVectorIndex` implements it: hnswlib's graph plus the exact vectors). */
export interface SnapshotVectorIndex {
  readonly dimension: number;
  /** Writes the index into a directory and resolves to the names of its files; it must not change meanwhile. */
  save(directory: string): Promise<string[]>;
  /** Reads what `save` wrote without touching the live index; `swapIn` then replaces its contents at once. */
  loadSaved(directory: string): Promise<LoadedVectorIndex>;
}

export interface LoadedVectorIndex {
  size: number;
  swapIn(): void;
}

/** A snapshot that cannot be used: damaged, written for another model or format, or from another log. */
export class SnapshotRejectedError extends Error {
  override readonly name = 'SnapshotRejectedError';
}

const digits = z.string().regex(/^\d+$/);

const ManifestSchema = z.strictObject({
  format: z.literal(SNAPSHOT_FORMAT),
  createdAt: z.iso.datetime(),
  topic: z.string().min(1),
  model: z.strictObject({ id: z.string().min(1), dimension: z.number().int().positive() }),
  /** Last applied offset per partition of `topic`: the position of the log the snapshot reflects. */
  offsets: z.record(digits, digits),
  films: z.number().int().nonnegative(),
  removedFilms: z.number().int().nonnegative(),
  /** Size and CRC-32 of every file of the snapshot. */
  files: z.record(z.string().regex(/^[\w.-]+$/), z.strictObject({ bytes: z.number().int().nonnegative(), crc32: z.string().regex(/^[0-9a-f]{8}$/) })),
  /** SHA-256 of this manifest's JSON without this field. */
  checksum: z.string(),
});

export type SnapshotManifest = z.infer<typeof ManifestSchema>;
type FileChecksum = SnapshotManifest['files'][string];

export interface SnapshotOnDisk {
  name: string;
  directory: string;
  manifest: SnapshotManifest;
}

/** Everything a snapshot holds, read and checked, with nothing live changed yet. */
export interface RestoredSnapshot {
  entries: Map<string, CatalogueEntry>;
  removedVersions: Map<string, number>;
  offsets: Map<number, bigint>;
  index: LoadedVectorIndex;
}

export interface SnapshotSource {
  topic: string;
  model: SnapshotModel;
  catalogue: FilmCatalogue;
  index: SnapshotVectorIndex;
  /** Last applied offset per partition, matching the catalogue. */
  offsets: Map<number, bigint>;
}

interface RemovalLine {
  removed: string;
  version: number;
}

/**
 * A replica's snapshots in a directory of its own: one subdirectory per snapshot, written under a
 * staging name and renamed when complete (a rename is atomic, so a crash never leaves a half
 * snapshot under a snapshot name). Every file is checksummed in the manifest.
 */
export class CatalogueSnapshotStore {
  constructor(readonly root: string) {}

  /**
   * The newest snapshot, its manifest read and checked; undefined when there is none.
   * Throws `SnapshotRejectedError` when the manifest is damaged or of another format.
   */
  async latest(): Promise<SnapshotOnDisk | undefined> {
    const name = (await this.snapshotNames()).at(-1);
    if (name === undefined) return undefined;
    const directory = join(this.root, name);
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(join(directory, MANIFEST), 'utf8'));
    } catch (error) {
      throw new SnapshotRejectedError(`${name}: unreadable manifest (${(error as Error).message})`);
    }
    if (typeof raw !== 'object' || raw === null || !('checksum' in raw)) throw new SnapshotRejectedError(`${name}: the manifest has no checksum`);
    const { checksum, ...body } = raw as Record<string, unknown>;
    if (sha256OfText(JSON.stringify(body)) !== checksum) throw new SnapshotRejectedError(`${name}: the manifest does not match its checksum`);
    if (body.format !== SNAPSHOT_FORMAT) throw new SnapshotRejectedError(`${name}: format ${String(body.format)}, this replica reads format ${SNAPSHOT_FORMAT}`);
    const parsed = ManifestSchema.safeParse(raw);
    if (!parsed.success) throw new SnapshotRejectedError(`${name}: invalid manifest (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`);
    return { name, directory, manifest: parsed.data };
  }

  /**
   * Writes a snapshot of the source and removes the older ones. The catalogue, its offsets and
   * the index are captured before the first await; the index must not change until this resolves.
   */
  async write(source: SnapshotSource): Promise<SnapshotOnDisk> {
    await mkdir(this.root, { recursive: true });
    const staging = join(this.root, `${STAGING_PREFIX}${randomUUID()}`);
    await mkdir(staging);
    try {
      const entries = [...source.catalogue.films()];
      const removals = [...source.catalogue.removals()];
      const offsets = Object.fromEntries([...source.offsets].map(([partition, offset]) => [String(partition), offset.toString()]));
      // Side by side: hnswlib writes its graph on a libuv thread. Both settle before a failure cleans up.
      const [catalogueFile, indexFiles] = await settledBoth(
        writeCatalogueFile(join(staging, CATALOGUE_FILE), entries, removals),
        source.index.save(staging),
      );
      const files: SnapshotManifest['files'] = { [CATALOGUE_FILE]: catalogueFile };
      const checksums = crc32OfFilesOffThread(indexFiles.map((file) => join(staging, file)));
      for (const [i, file] of indexFiles.entries()) {
        files[file] = { bytes: (await stat(join(staging, file))).size, crc32: await checksums[i] };
      }
      const body = {
        format: SNAPSHOT_FORMAT,
        createdAt: new Date().toISOString(),
        topic: source.topic,
        model: { id: source.model.id, dimension: source.model.dimension },
        offsets,
        films: entries.length,
        removedFilms: removals.length,
        files,
      };
      const manifest: SnapshotManifest = { ...body, checksum: sha256OfText(JSON.stringify(body)) };
      await writeFile(join(staging, MANIFEST), JSON.stringify(manifest));
      const name = `${SNAPSHOT_PREFIX}${String(Date.now()).padStart(15, '0')}-${randomUUID().slice(0, 8)}`;
      await rename(staging, join(this.root, name));
      await this.removeAllBut(name);
      return { name, directory: join(this.root, name), manifest };
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
  }

  /**
   * Reads a snapshot into memory. Every file is checksummed on a worker thread, the index files
   * first: hnswlib reads them only once they are checked (it trusts its input). Meanwhile this
   * thread reads and parses the catalogue in chunks, so requests are served throughout.
   */
  async read(snapshot: SnapshotOnDisk, index: SnapshotVectorIndex): Promise<RestoredSnapshot> {
    const { directory, manifest, name } = snapshot;
    const catalogueFile = manifest.files[CATALOGUE_FILE];
    if (!catalogueFile) throw new SnapshotRejectedError(`${name}: the manifest lists no ${CATALOGUE_FILE}`);
    const files = [...Object.entries(manifest.files).filter(([file]) => file !== CATALOGUE_FILE), [CATALOGUE_FILE, catalogueFile] as const];
    const checksums = crc32OfFilesOffThread(files.map(([file]) => join(directory, file)));
    const checked = files.map(([file, expected], i) => verifyFile(name, join(directory, file), file, expected, checksums[i]));
    // Awaited below or made moot by an earlier failure; none may go unhandled.
    for (const check of checked) check.catch(() => undefined);
    const loading = (async () => {
      await Promise.all(checked.slice(0, -1));
      return index.loadSaved(directory);
    })();
    const reading = readCatalogueFile(name, join(directory, CATALOGUE_FILE), catalogueFile, checked[checked.length - 1]);
    const [loaded, catalogue] = await Promise.all([loading, reading]);
    if (catalogue.entries.size !== manifest.films || catalogue.removedVersions.size !== manifest.removedFilms || loaded.size !== manifest.films) {
      throw new SnapshotRejectedError(
        `${name}: the manifest counts ${manifest.films} films, the catalogue holds ${catalogue.entries.size} and the index ${loaded.size}`,
      );
    }
    const offsets = new Map(Object.entries(manifest.offsets).map(([partition, offset]) => [Number(partition), BigInt(offset)]));
    return { ...catalogue, offsets, index: loaded };
  }

  private async snapshotNames(): Promise<string[]> {
    try {
      return (await readdir(this.root)).filter((name) => name.startsWith(SNAPSHOT_PREFIX)).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  /** Older snapshots, and staging directories left by a crash mid-write. */
  private async removeAllBut(keep: string): Promise<void> {
    const names = await readdir(this.root);
    const stale = names.filter((name) => name !== keep && (name.startsWith(SNAPSHOT_PREFIX) || name.startsWith(STAGING_PREFIX)));
    await Promise.all(stale.map((name) => rm(join(this.root, name), { recursive: true, force: true })));
  }
}

/**
 * Why a snapshot cannot serve this replica on this log, or undefined when it can: another model or
 * dimension, another topic, or offsets the log has not reached (the snapshot belongs to another
 * log, e.g. a recreated topic or a cluster that was reset).
 */
export const snapshotMismatch = (
  manifest: SnapshotManifest,
  expected: { topic: string; model: SnapshotModel; endOffsets: Map<number, string> },
): string | undefined => {
  const { model } = manifest;
  if (model.id !== expected.model.id || model.dimension !== expected.model.dimension) {
    return `made with model ${model.id} (${model.dimension} dimensions), this replica serves ${expected.model.id} (${expected.model.dimension})`;
  }
  if (manifest.topic !== expected.topic) return `made from topic ${manifest.topic}, this replica reads ${expected.topic}`;
  for (const [partition, offset] of Object.entries(manifest.offsets)) {
    const end = expected.endOffsets.get(Number(partition));
    if (end === undefined || BigInt(offset) >= BigInt(end)) {
      return `it reflects ${expected.topic}[${partition}] up to offset ${offset}, but the log ends at ${end ?? 'a missing partition'}`;
    }
  }
  return undefined;
};

const settledBoth = async <A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> => {
  const [first, second] = await Promise.allSettled([a, b]);
  if (first.status === 'rejected') throw first.reason;
  if (second.status === 'rejected') throw second.reason;
  return [first.value, second.value];
};

/** One line per film, then one per removal; hashed while written. */
const writeCatalogueFile = async (path: string, entries: CatalogueEntry[], removals: [string, number][]) => {
  const total = entries.length + removals.length;
  const lineAt = (i: number): string => {
    if (i < entries.length) return JSON.stringify(entries[i]);
    const [removed, version] = removals[i - entries.length];
    return JSON.stringify({ removed, version } satisfies RemovalLine);
  };
  let crc = 0;
  let bytes = 0;
  const file = await open(path, 'w');
  try {
    for (let start = 0; start < total; start += LINES_PER_TURN) {
      let chunk = '';
      for (let i = start; i < Math.min(total, start + LINES_PER_TURN); i++) chunk += `${lineAt(i)}\n`;
      const encoded = Buffer.from(chunk);
      crc = crc32(encoded, crc);
      bytes += encoded.length;
      await file.write(encoded);
    }
  } finally {
    await file.close();
  }
  return { bytes, crc32: crc32Hex(crc) };
};

/** Size first (cheap, and it names a missing file), then the checksum computed off the main thread. */
const verifyFile = async (snapshot: string, path: string, file: string, expected: FileChecksum, checksum: Promise<string>): Promise<void> => {
  const { size } = await stat(path).catch(() => ({ size: -1 }));
  if (size !== expected.bytes) throw new SnapshotRejectedError(`${snapshot}: ${file} has ${size < 0 ? 'gone missing' : `${size} bytes, expected ${expected.bytes}`}`);
  const crc = await checksum.catch((error: Error) => {
    throw new SnapshotRejectedError(`${snapshot}: ${file} is unreadable (${error.message})`);
  });
  if (crc !== expected.crc32) throw new SnapshotRejectedError(`${snapshot}: ${file} does not match its checksum`);
};

/** Parsed while its checksum is computed elsewhere; whatever was parsed counts only once the checksum matched. */
const readCatalogueFile = async (snapshot: string, path: string, expected: FileChecksum, verified: Promise<void>) => {
  const bytes = await readFile(path).catch((error: Error) => {
    throw new SnapshotRejectedError(`${snapshot}: ${CATALOGUE_FILE} is unreadable (${error.message})`);
  });
  if (bytes.length !== expected.bytes) throw new SnapshotRejectedError(`${snapshot}: ${CATALOGUE_FILE} does not match its checksum`);
  const entries = new Map<string, CatalogueEntry>();
  const removedVersions = new Map<string, number>();
  try {
    await forEachLine(bytes, LINES_PER_TURN, (line) => {
      const record = JSON.parse(line) as CatalogueEntry | RemovalLine;
      if ('removed' in record) removedVersions.set(record.removed, record.version);
      else entries.set(record.film.id, record);
    });
  } catch (error) {
    await verified;
    throw new SnapshotRejectedError(`${snapshot}: ${CATALOGUE_FILE} cannot be parsed (${(error as Error).message})`);
  }
  await verified;
  return { entries, removedVersions };
};
