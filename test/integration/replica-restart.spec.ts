import { seededRandom } from '@marquee/random';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeVector, FILM_INDEX_VERSION_HEADER, Topics, type IndexedFilm, type OutgoingMessage } from '@marquee/domain';
import { KafkaEventBus } from '@marquee/kafka';
import { startNodeApp, type NodeApp } from '../support/child-process';
import { eventually } from '../support/eventually';
import { testFilm } from '../support/films';
import { startKafkaMock, type KafkaMock } from '../support/kafka-mock';
import { teardownAfterAll, type Teardown } from '../support/teardown';

/**
 * An API replica killed with SIGKILL after it wrote a snapshot comes back from that snapshot plus
 * the log after it, and then answers exactly like a replica that read the whole log. The replicas
 * are real API processes on a mock cluster of this test's own: on the shared one, its films would
 * show up in the catalogue of every other test's API replica.
 */
const run = randomUUID().slice(0, 8);
const idOf = (i: number) => `restart-${run}-${i}`;

/** Centred on 0, and seeded so the synthetic vectors are the same on every run. */
const seeded = (seed: number) => {
  const random = seededRandom(seed);
  return () => random() - 0.5;
};

interface ApiProcess {
  app: NodeApp;
  get(path: string): Promise<{ status: number; body: any }>;
}

const freePort = (): Promise<number> =>
  new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });

/** The API (`apps/api/src/main.ts`, what `npm start` runs) as a child process, ready to serve. */
const startApi = async (teardown: Teardown, brokers: string[], snapshotDir: string): Promise<ApiProcess> => {
  const port = await freePort();
  const app = teardown.track(
    `API ${port}`,
    startNodeApp('apps/api/src/main.ts', {
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_IDEMPOTENT: 'false',
      KAFKA_SESSION_TIMEOUT_MS: '3000',
      KAFKA_HEARTBEAT_MS: '500',
      API_KEY: 'replica-restart-key-0123456789',
      API_REPLICA_ID: `restart-${run}`,
      EMBEDDING_THREADS: '1',
      SNAPSHOT_DIR: snapshotDir,
      SNAPSHOT_INTERVAL_SECONDS: '1',
      RATE_LIMIT_PER_MINUTE: '100000',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    }),
    // A graceful stop writes a last snapshot; one that takes too long is cut short.
    (started) => started.stop('SIGTERM', 10_000),
  );
  const get = async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: response.status, body: await response.json() };
  };
  let exited = false;
  void app.exited.then(() => (exited = true));
  await eventually(
    async () => {
      if (exited) throw new Error(`the API exited:\n${app.lines.slice(-20).join('\n')}`);
      expect((await get('/health/ready').catch(() => ({ status: 0 }))).status).toBe(200);
    },
    90_000,
    250,
  );
  return { app, get };
};

/** The model id and dimension the replica serves, from its start-up log. */
const servedModel = ({ app }: ApiProcess) => {
  const line = app.lines.find((l) => /embedding model \S+ \(\d+ dimensions\)/.test(l)) as string;
  const [, id, dimension] = /embedding model (\S+) \((\d+) dimensions\)/.exec(line) as RegExpExecArray;
  return { id, dimension: Number(dimension) };
};

/** Last applied offsets of the newest complete snapshot, or undefined. */
const newestSnapshotOffsets = (directory: string): Record<string, string> | undefined => {
  const newest = readdirSync(directory)
    .filter((name) => name.startsWith('snapshot-'))
    .sort()
    .at(-1);
  const manifest = newest && join(directory, newest, 'manifest.json');
  return manifest && existsSync(manifest)
    ? (JSON.parse(readFileSync(manifest, 'utf8')) as { offsets: Record<string, string> }).offsets
    : undefined;
};

describe('an API replica killed with SIGKILL (real API processes, Kafka mock)', () => {
  const teardown = teardownAfterAll();
  const snapshotDir = teardown.track('snapshots', mkdtempSync(join(tmpdir(), 'replica-restart-')), (dir) =>
    rmSync(dir, { recursive: true, force: true }),
  );
  let mock: KafkaMock;
  let producer: KafkaEventBus;

  beforeAll(async () => {
    mock = await startKafkaMock({
      brokers: 1,
      topics: [
        { name: Topics.filmIndex, partitions: 6 },
        { name: Topics.filmEvents, partitions: 6 },
      ],
    });
    teardown.add('mock cluster', () => mock.stop());
    producer = teardown.track(
      'producer',
      new KafkaEventBus({ brokers: mock.bootstrap, clientId: `replica-restart-${run}`, idempotent: false }),
      (bus) => bus.close(),
    );
  });

  it('comes back from its snapshot and the log after it, answering like a replica that never died', async () => {
    const victim = await startApi(teardown, mock.bootstrap, snapshotDir);
    const model = servedModel(victim);
    // Films around one direction, each with noise of its own: all related, ranked by their noise.
    const random = seeded(7);
    const theme = Array.from({ length: model.dimension }, random);
    const vector = (i: number, variant: number) => {
      const noise = seeded(1_000 * variant + i + 11);
      return Float32Array.from(theme, (x) => x + 0.25 * noise());
    };
    const upsert = (i: number, version = 1, variant = 0): OutgoingMessage => {
      const indexed: IndexedFilm = {
        film: testFilm(idOf(i), { titles: { en: `Film ${i} v${version}` } }, { hoursFromNow: [30 + i, 60 + i] }),
        version,
        contentHash: `${i}-${variant}`,
        model,
        vector: encodeVector(vector(i, variant)),
        indexedAt: new Date().toISOString(),
      };
      return { key: idOf(i), value: JSON.stringify(indexed) };
    };
    const tombstone = (i: number, version: number): OutgoingMessage => ({
      key: idOf(i),
      value: null,
      headers: { [FILM_INDEX_VERSION_HEADER]: String(version) },
    });

    await producer.publish(Topics.filmIndex, [...Array.from({ length: 24 }, (_, i) => upsert(i)), upsert(3, 2, 1), tombstone(5, 2)]);
    const published = await producer.endOffsets(Topics.filmIndex);
    await eventually(async () => {
      const offsets = newestSnapshotOffsets(snapshotDir);
      for (const [partition, end] of published) {
        if (BigInt(end) > 0n) expect(BigInt(offsets?.[partition] ?? -1) + 1n).toBeGreaterThanOrEqual(BigInt(end));
      }
    }, 30_000);
    victim.app.kill('SIGKILL');
    expect((await victim.app.exited).signal).toBe('SIGKILL');

    // The tail the snapshot does not hold: new films, a new vector, a removal, a stale upsert of a removed film.
    await producer.publish(Topics.filmIndex, [
      ...Array.from({ length: 12 }, (_, i) => upsert(24 + i)),
      upsert(7, 2, 1),
      tombstone(9, 2),
      upsert(5, 1),
    ]);
    const [restarted, fresh] = await Promise.all([
      startApi(teardown, mock.bootstrap, snapshotDir),
      startApi(teardown, mock.bootstrap, 'off'),
    ]);

    expect((await restarted.get('/health/ready')).body.details.index.origin).toBe('snapshot');
    expect((await fresh.get('/health/ready')).body.details.index.origin).toBe('log');
    await restarted.app.waitForLine(/restored \d+ films from snapshot snapshot-/);

    const ids = Array.from({ length: 36 }, (_, i) => idOf(i));
    const observe = async (api: ApiProcess) => {
      const found = await Promise.all(ids.map(async (id) => [id, (await api.get(`/events/${id}`)).status] as const));
      const related = await Promise.all(
        found
          .filter(([, status]) => status === 200)
          .map(async ([id]) => {
            const { body } = await api.get(`/events/${id}/related?limit=50`);
            return [id, body.results.map((r: { id: string; score: number }) => [r.id, r.score])] as const;
          }),
      );
      return { found, related };
    };
    const [afterRestart, neverDied] = await Promise.all([observe(restarted), observe(fresh)]);

    expect(afterRestart).toEqual(neverDied);
    const missing = afterRestart.found.filter(([, status]) => status === 404).map(([id]) => id);
    expect(missing.sort()).toEqual([idOf(5), idOf(9)].sort());
    const neighbours = new Map(afterRestart.related);
    expect(neighbours.get(idOf(0))?.map(([id]: [string]) => id)).toEqual(expect.arrayContaining([idOf(30), idOf(7)]));
    expect(neighbours.get(idOf(0))).toHaveLength(33);
  }, 240_000);
});
