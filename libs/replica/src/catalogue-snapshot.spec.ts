import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FilmCatalogue, FilmIndexProjection } from '@marquee/catalogue';
import { encodeVector, FILM_INDEX_VERSION_HEADER, type IndexedFilm, type OutgoingMessage } from '@marquee/domain';
import { InProcessEventBus } from '@marquee/event-bus';
import { HnswVectorIndex } from '@marquee/vector-index';
import { eventually } from '../../../test/support/eventually';
import { testFilm } from '../../../test/support/films';
import { silentLogger } from '../../../test/support/loggers';
import { CatalogueSync } from './catalogue-sync';

const TOPIC = 'film-index';
const DIMENSION = 16;
const MODEL = { id: 'test-model', dimension: DIMENSION };
const now = new Date();

/** Films in eight themes: a theme's films lie close together, so neighbours are meaningful. */
const vectorOf = (id: string, variant = 0): Float32Array => {
  const n = Number(id.replace(/\D/g, '')) + variant * 1_000;
  const theme = n % 8;
  const vector = Float32Array.from({ length: DIMENSION }, (_, i) => (i % 8 === theme ? 3 : 0) + Math.sin(n * 7.1 + i * 1.3));
  const norm = Math.hypot(...vector);
  return vector.map((x) => x / norm);
};

const upsert = (id: string, version = 1, variant = 0, model = MODEL): OutgoingMessage => {
  const indexed: IndexedFilm = {
    film: testFilm(id, { titles: { en: `${id} v${version}` } }, { now, hoursFromNow: [24 + (version % 3)] }),
    version,
    contentHash: `${id}-${variant}`,
    model,
    vector: encodeVector(vectorOf(id, variant)),
    indexedAt: now.toISOString(),
  };
  return { key: id, value: JSON.stringify(indexed) };
};

const tombstone = (id: string, version: number): OutgoingMessage => ({
  key: id,
  value: null,
  headers: { [FILM_INDEX_VERSION_HEADER]: String(version) },
});

const films = (from: number, to: number, version = 1) => Array.from({ length: to - from }, (_, i) => upsert(`film-${from + i}`, version));

/** A replica's state as it reads the log: index, catalogue and projection, kept in step by CatalogueSync. */
class TestReplica {
  readonly index = new HnswVectorIndex({ dimension: DIMENSION, initialCapacity: 16 });
  readonly catalogue = new FilmCatalogue(this.index);
  readonly warnings: string[] = [];
  readonly projection: FilmIndexProjection;
  readonly sync: CatalogueSync;
  /** Messages the log delivered to this replica (a restored one gets only those after its snapshot). */
  delivered = 0;

  constructor(bus: InProcessEventBus, directory?: string, model = MODEL) {
    const logger = { ...silentLogger, warn: (m: string) => this.warnings.push(m), error: (m: string) => this.warnings.push(m) };
    this.projection = new FilmIndexProjection(this.catalogue, model.id, silentLogger);
    const apply = this.projection.handleBatch.bind(this.projection);
    this.projection.handleBatch = async (batch) => {
      this.delivered += batch.messages.length;
      await apply(batch);
    };
    this.sync = new CatalogueSync({
      bus,
      topic: TOPIC,
      groupId: () => `replica-${randomUUID()}`,
      catalogue: this.catalogue,
      index: this.index,
      projection: this.projection,
      model,
      snapshots: directory === undefined ? undefined : { directory, intervalMs: 3_600_000 },
      logger,
      messagesPerTurn: 7,
    });
  }

  async ready(): Promise<this> {
    await this.sync.start();
    await eventually(async () => expect(this.sync.isReady()).toBe(true), 5_000, 5);
    return this;
  }

  /** Everything a reader can observe: films, removals, log position and the neighbours of every film. */
  state() {
    const ids = [...this.catalogue.films()].map((entry) => entry.film.id).sort();
    return {
      entries: [...this.catalogue.films()].sort((a, b) => a.film.id.localeCompare(b.film.id)),
      removals: [...this.catalogue.removals()].sort(([a], [b]) => a.localeCompare(b)),
      offsets: [...this.projection.appliedOffsets()].sort(([a], [b]) => a - b),
      epoch: this.projection.epoch,
      neighbours: ids.map((id) => this.index.search(this.index.vectorOf(id) as Float32Array, 6, (other) => other !== id)),
      vectors: ids.map((id) => this.index.vectorOf(id)),
    };
  }
}

describe('CatalogueSync with snapshots', () => {
  let directory: string;
  let bus: InProcessEventBus;
  const replicas: TestReplica[] = [];
  const replica = (dir?: string, model = MODEL, on = bus) => {
    const created = new TestReplica(on, dir, model);
    replicas.push(created);
    return created;
  };
  const snapshots = () => readdirSync(directory).filter((name) => name.startsWith('snapshot-'));
  const snapshotFile = (file: string) => join(directory, snapshots()[0], file);

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'snapshots-'));
    bus = new InProcessEventBus({ partitions: 3, logger: silentLogger });
    // Updates, a removal and a late, older upsert of the removed film: versions and removals to keep.
    await bus.publish(TOPIC, [
      ...films(0, 60),
      upsert('film-3', 2, 1),
      tombstone('film-5', 2),
      upsert('film-5', 1),
      upsert('film-8', 3, 2),
    ]);
  });

  afterEach(async () => {
    await Promise.all(replicas.splice(0).map((r) => r.sync.stop()));
    await bus.close();
    rmSync(directory, { recursive: true, force: true });
  });

  /** Reads the log, writes a snapshot on stop. */
  const snapshotted = async () => {
    const writer = await replica(directory).ready();
    await writer.sync.stop();
    expect(snapshots()).toHaveLength(1);
    return writer;
  };

  it('restores the same catalogue, index and log position it saved', async () => {
    const writer = await snapshotted();
    const restored = await replica(directory).ready();

    expect(restored.sync.origin).toBe('snapshot');
    expect(restored.delivered).toBe(0);
    expect(restored.state()).toEqual(writer.state());
    expect(restored.catalogue.get('film-5')).toBeUndefined();
    expect(restored.catalogue.get('film-8')?.version).toBe(3);
  });

  it('reads only the log after its snapshot and then answers like a replica that read the whole log', async () => {
    await snapshotted();
    const tail = [...films(60, 75), upsert('film-1', 2, 3), tombstone('film-2', 2), upsert('film-5', 1), upsert('film-70', 2, 1)];
    await bus.publish(TOPIC, tail);

    const restored = await replica(directory).ready();
    const fresh = await replica().ready();
    expect(restored.sync.origin).toBe('snapshot');
    expect(fresh.sync.origin).toBe('log');
    expect(restored.delivered).toBe(tail.length);
    expect(restored.state()).toEqual(fresh.state());
    expect(restored.catalogue.size()).toBe(60 - 1 + 15 - 1);
  });

  it('snapshots a restored replica as it stands, films read from its own snapshot or not', async () => {
    const writer = await snapshotted();
    const restored = await replica(directory).ready();
    await bus.publish(TOPIC, [upsert('film-70', 1), upsert('film-1', 2, 3)]);
    await eventually(async () => expect(restored.catalogue.get('film-70')).toBeDefined(), 5_000, 5);
    await restored.sync.stop();

    const again = await replica(directory).ready();
    expect(again.sync.origin).toBe('snapshot');
    expect(again.catalogue.get('film-1')?.version).toBe(2);
    expect(again.state()).toEqual(restored.state());
    expect(again.catalogue.size()).toBe(writer.catalogue.size() + 1);
  });

  it('writes a snapshot only when the catalogue moved since the last one', async () => {
    const live = await replica(directory).ready();
    const first = await live.sync.snapshot();
    expect(first?.manifest.films).toBe(59);
    expect(await live.sync.snapshot()).toBeUndefined();

    await bus.publish(TOPIC, films(60, 62));
    await eventually(async () => expect(live.catalogue.size()).toBe(61), 5_000, 5);
    const second = await live.sync.snapshot();
    expect(second?.manifest.films).toBe(61);
    expect(snapshots()).toEqual([second?.name]);
  });

  const damages: [string, () => void, RegExp][] = [
    [
      'a truncated catalogue',
      () => truncateSync(snapshotFile('catalogue.ndjson'), 1_000),
      /catalogue\.ndjson has 1000 bytes, expected \d+/,
    ],
    ['a flipped byte in the hnswlib graph', () => flipByte(snapshotFile('hnsw-graph.bin')), /hnsw-graph\.bin does not match its checksum/],
    ['a flipped byte in the catalogue', () => flipByte(snapshotFile('catalogue.ndjson')), /catalogue\.ndjson does not match its checksum/],
    ['a missing id file', () => rmSync(snapshotFile('hnsw-ids.json')), /hnsw-ids\.json has gone missing/],
    [
      'an edited manifest',
      () => editManifest((m) => ({ ...m, offsets: { ...m.offsets, 0: '1' } })),
      /manifest does not match its checksum/,
    ],
    ['a manifest that is not JSON', () => writeFileSync(snapshotFile('manifest.json'), '{"format":'), /unreadable manifest/],
  ];

  it.each(damages)('detects %s, says so and rebuilds from the log', async (_, damage, reason) => {
    await snapshotted();
    damage();
    await bus.publish(TOPIC, films(60, 64));

    const rebuilt = await replica(directory).ready();
    const fresh = await replica().ready();
    expect(rebuilt.sync.origin).toBe('log');
    expect(rebuilt.warnings).toEqual([expect.stringMatching(reason)]);
    expect(rebuilt.warnings[0]).toMatch(/reading film-index from the beginning/);
    expect(rebuilt.state()).toEqual(fresh.state());
  });

  it('rebuilds from the log when the snapshot was made with another model', async () => {
    await snapshotted();
    const otherModel = { id: 'other-model', dimension: DIMENSION };
    await bus.publish(TOPIC, [upsert('film-100', 1, 0, otherModel)]);

    const rebuilt = await replica(directory, otherModel).ready();
    expect(rebuilt.sync.origin).toBe('log');
    expect(rebuilt.warnings).toEqual([
      expect.stringMatching(/made with model test-model \(16 dimensions\), this replica serves other-model \(16\)/),
    ]);
    expect([...rebuilt.catalogue.films()].map((entry) => entry.film.id)).toEqual(['film-100']);
  });

  it('rebuilds from the log when the snapshot is ahead of it (a log that was recreated)', async () => {
    await snapshotted();
    const recreated = new InProcessEventBus({ partitions: 3 });
    try {
      await recreated.publish(TOPIC, films(0, 6));
      const rebuilt = await replica(directory, MODEL, recreated).ready();
      expect(rebuilt.sync.origin).toBe('log');
      expect(rebuilt.warnings).toEqual([expect.stringMatching(/up to offset \d+, but the log ends at \d+/)]);
      expect(rebuilt.catalogue.size()).toBe(6);
    } finally {
      await Promise.all(replicas.splice(-1).map((r) => r.sync.stop()));
      await recreated.close();
    }
  });

  const flipByte = (path: string) => {
    const bytes = readFileSync(path);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    writeFileSync(path, bytes);
  };

  const editManifest = (edit: (manifest: Record<string, Record<string, string>>) => object) => {
    const path = snapshotFile('manifest.json');
    writeFileSync(path, JSON.stringify(edit(JSON.parse(readFileSync(path, 'utf8')))));
  };
});
