import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import { crc32Hex, crc32OfFile, forEachLine, readFileWithCrc32, sha256OfText, yieldToEventLoop } from './catalogue-snapshot-files';
import type { CatalogueEntry, FilmCatalogue, PlaceFacts, VenueIndex } from '@marquee/catalogue';
import type { Film, LoadedVectorIndex, PersistentVectorIndex } from '@marquee/domain';

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
export type SnapshotVectorIndex = Pick<PersistentVectorIndex, 'dimension' | 'save' | 'loadSaved'>;

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
  files: z.record(
    z.string().regex(/^[\w.-]+$/),
    z.strictObject({ bytes: z.number().int().nonnegative(), crc32: z.string().regex(/^[0-9a-f]{8}$/) }),
  ),
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
  /** Each film's entry is parsed from the snapshot the first time its `film` is read. */
  entries: Map<string, CatalogueEntry>;
  /** The places each film screens at, for the catalogue's venue index. */
  places: Map<string, PlaceFacts[]>;
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

/** What precedes a film's JSON on its line: all a restore needs before the film itself is read. */
interface FilmHeader {
  id: string;
  version: number;
  contentHash: string;
  /** Indexes into the file's table of places. */
  places: number[];
}

/** Separates a film's header from its JSON: JSON.stringify never writes a raw tab. */
const TAB = 9;

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
    if (typeof raw !== 'object' || raw === null || !('checksum' in raw))
      throw new SnapshotRejectedError(`${name}: the manifest has no checksum`);
    const { checksum, ...body } = raw as Record<string, unknown>;
    if (sha256OfText(JSON.stringify(body)) !== checksum)
      throw new SnapshotRejectedError(`${name}: the manifest does not match its checksum`);
    if (body.format !== SNAPSHOT_FORMAT)
      throw new SnapshotRejectedError(`${name}: format ${String(body.format)}, this replica reads format ${SNAPSHOT_FORMAT}`);
    const parsed = ManifestSchema.safeParse(raw);
    if (!parsed.success)
      throw new SnapshotRejectedError(
        `${name}: invalid manifest (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`,
      );
    return { name, directory, manifest: parsed.data };
  }

  /**
   * Writes a snapshot of the source and removes the older ones. Neither the catalogue nor the
   * index may change until this resolves (CatalogueSync holds batches back meanwhile).
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
        writeCatalogueFile(join(staging, CATALOGUE_FILE), entries, removals, source.catalogue.venues),
        source.index.save(staging),
      );
      const files: SnapshotManifest['files'] = { [CATALOGUE_FILE]: catalogueFile };
      for (const file of indexFiles) {
        const path = join(staging, file);
        files[file] = { bytes: (await stat(path)).size, crc32: await crc32OfFile(path) };
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
   * Reads a snapshot into memory. Each file is read whole and checked against its size and
   * checksum, the index files before hnswlib reads them (it trusts its input), and the index
   * takes their bytes from here. Checksums and the catalogue are computed and read in chunks,
   * so requests are served throughout.
   */
  async read(snapshot: SnapshotOnDisk, index: SnapshotVectorIndex): Promise<RestoredSnapshot> {
    const { directory, manifest, name } = snapshot;
    const catalogueFile = manifest.files[CATALOGUE_FILE];
    if (!catalogueFile) throw new SnapshotRejectedError(`${name}: the manifest lists no ${CATALOGUE_FILE}`);
    const indexFiles = Object.entries(manifest.files).filter(([file]) => file !== CATALOGUE_FILE);
    const loading = (async () => {
      const files = await Promise.all(
        indexFiles.map(async ([file, expected]) => [file, await readChecked(name, directory, file, expected)] as const),
      );
      return index.loadSaved(directory, new Map(files));
    })();
    const reading = (async () => readCatalogue(name, await readChecked(name, directory, CATALOGUE_FILE, catalogueFile)))();
    const [loaded, catalogue] = await Promise.all([loading, reading]);
    if (
      catalogue.entries.size !== manifest.films ||
      catalogue.removedVersions.size !== manifest.removedFilms ||
      loaded.size !== manifest.films
    ) {
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

/**
 * The table of places films screen at, then a line per film (header, tab, film JSON), then one per
 * removal; hashed while written. The headers let a restore put every film in place without parsing
 * it: a catalogue of 100k films parses in about a second, which would be most of a restore.
 */
const writeCatalogueFile = async (path: string, entries: CatalogueEntry[], removals: [string, number][], venues: VenueIndex) => {
  const places: PlaceFacts[] = [];
  const placeNumbers = new Map<PlaceFacts, number>();
  const numberOf = (place: PlaceFacts) => {
    let number = placeNumbers.get(place);
    if (number === undefined) {
      number = places.push(place) - 1;
      placeNumbers.set(place, number);
    }
    return number;
  };
  const filmPlaces: number[][] = [];
  for (let start = 0; start < entries.length; start += LINES_PER_TURN) {
    for (const { film } of entries.slice(start, start + LINES_PER_TURN)) filmPlaces.push(venues.placesOf(film.id).map(numberOf));
    await yieldToEventLoop();
  }
  const total = entries.length + removals.length;
  const lineAt = (i: number): string => {
    if (i < entries.length) {
      const { film, version, contentHash } = entries[i];
      return `${JSON.stringify({ id: film.id, version, contentHash, places: filmPlaces[i] } satisfies FilmHeader)}\t${JSON.stringify(film)}`;
    }
    const [removed, version] = removals[i - entries.length];
    return JSON.stringify({ removed, version } satisfies RemovalLine);
  };
  let crc = 0;
  let bytes = 0;
  const file = await open(path, 'w');
  try {
    const write = async (chunk: string) => {
      const encoded = Buffer.from(chunk);
      crc = crc32(encoded, crc);
      bytes += encoded.length;
      await file.write(encoded);
    };
    await write(`${JSON.stringify({ places })}\n`);
    for (let start = 0; start < total; start += LINES_PER_TURN) {
      let chunk = '';
      for (let i = start; i < Math.min(total, start + LINES_PER_TURN); i++) chunk += `${lineAt(i)}\n`;
      await write(chunk);
    }
  } finally {
    await file.close();
  }
  return { bytes, crc32: crc32Hex(crc) };
};

/** Where an entry restored from a snapshot finds its film until it is parsed. */
const UNPARSED = Symbol('unparsed film');

interface UnparsedFilm {
  bytes: Buffer;
  start: number;
  end: number;
}

/** Shared by every restored entry (no closure per film): parses the film, then keeps it as a plain property. */
function parseFilmOnUse(this: CatalogueEntry & { [UNPARSED]?: UnparsedFilm }): Film {
  const { bytes, start, end } = this[UNPARSED] as UnparsedFilm;
  const film = JSON.parse(bytes.toString('utf8', start, end)) as Film;
  Object.defineProperty(this, 'film', { value: film, enumerable: true, writable: true, configurable: true });
  delete this[UNPARSED];
  return film;
}

/**
 * A catalogue entry whose film is parsed from `bytes` the first time it is read: an own enumerable
 * property, so spreading, comparing and serialising the entry see the film like any other.
 */
const entryParsedOnUse = (header: FilmHeader, bytes: Buffer, start: number, end: number): CatalogueEntry => {
  const entry = {} as CatalogueEntry;
  Object.defineProperty(entry, 'film', { get: parseFilmOnUse, enumerable: true, configurable: true });
  entry.version = header.version;
  entry.contentHash = header.contentHash;
  Object.defineProperty(entry, UNPARSED, { value: { bytes, start, end } satisfies UnparsedFilm, configurable: true });
  return entry;
};

/** A file of the snapshot, read whole, with the size and checksum the manifest gives it. */
const readChecked = async (snapshot: string, directory: string, file: string, expected: FileChecksum): Promise<Buffer> => {
  const { bytes, crc32 } = await readFileWithCrc32(join(directory, file)).catch((error: NodeJS.ErrnoException) => {
    throw new SnapshotRejectedError(
      `${snapshot}: ${file} ${error.code === 'ENOENT' ? 'has gone missing' : `is unreadable (${error.message})`}`,
    );
  });
  if (bytes.length !== expected.bytes)
    throw new SnapshotRejectedError(`${snapshot}: ${file} has ${bytes.length} bytes, expected ${expected.bytes}`);
  if (crc32 !== expected.crc32) throw new SnapshotRejectedError(`${snapshot}: ${file} does not match its checksum`);
  return bytes;
};

/**
 * The catalogue file's films and removals. Films are left unparsed (see `entryParsedOnUse`): the
 * bytes stay in memory until every film has been read.
 */
const readCatalogue = async (snapshot: string, bytes: Buffer) => {
  const entries = new Map<string, CatalogueEntry>();
  const places = new Map<string, PlaceFacts[]>();
  const removedVersions = new Map<string, number>();
  let table: PlaceFacts[] | undefined;
  try {
    await forEachLine(bytes, LINES_PER_TURN, (start, end) => {
      if (table === undefined) {
        table = (JSON.parse(bytes.toString('utf8', start, end)) as { places: PlaceFacts[] }).places;
        return;
      }
      const tab = bytes.indexOf(TAB, start);
      if (tab === -1 || tab > end) {
        const removal = JSON.parse(bytes.toString('utf8', start, end)) as RemovalLine;
        removedVersions.set(removal.removed, removal.version);
        return;
      }
      const header = JSON.parse(bytes.toString('utf8', start, tab)) as FilmHeader;
      entries.set(header.id, entryParsedOnUse(header, bytes, tab + 1, end));
      places.set(
        header.id,
        header.places.map((number) => (table as PlaceFacts[])[number]),
      );
    });
  } catch (error) {
    throw new SnapshotRejectedError(`${snapshot}: ${CATALOGUE_FILE} cannot be read (${(error as Error).message})`);
  }
  return { entries, places, removedVersions };
};
