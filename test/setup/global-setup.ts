import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Redis from 'ioredis';
import { SHARED_MOCK_STATE_FILE, SPARE_TOPIC_PARTITIONS, spareTopicNames, type SharedKafkaMock } from '../support/kafka-env';
import { startKafkaMock, type KafkaMock } from '../support/kafka-mock';

const CLAIMS_ROOT = resolve(__dirname, '../.tmp/kafka-claims');
const REDIS_PORT = 6379;

declare global {
  var sharedKafkaMock: KafkaMock | undefined;
  /** Jest projects that ran this setup and whose teardown has not run yet: the last one stops the cluster. */
  var sharedKafkaMockUsers: number | undefined;
}

const redisAnswers = async (): Promise<boolean> => {
  const redis = new Redis({
    host: '127.0.0.1',
    port: REDIS_PORT,
    lazyConnect: true,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
};

/** Integration tests use a real Redis; start one when none answers (it outlives the run, like a service). */
const ensureRedis = async (): Promise<void> => {
  if (await redisAnswers()) return;
  const started = spawnSync('redis-server', ['--daemonize', 'yes', '--port', String(REDIS_PORT), '--save', ''], {
    encoding: 'utf8',
  });
  if (started.error || started.status !== 0) {
    throw new Error(`Redis is down and redis-server did not start: ${started.error?.message ?? started.stderr}`);
  }
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await redisAnswers()) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`redis-server started but 127.0.0.1:${REDIS_PORT} does not answer`);
};

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Claims of runs that were killed before their teardown. */
const pruneStaleClaims = (): void => {
  mkdirSync(CLAIMS_ROOT, { recursive: true });
  for (const entry of readdirSync(CLAIMS_ROOT)) {
    if (!isAlive(Number(entry))) rmSync(join(CLAIMS_ROOT, entry), { recursive: true, force: true });
  }
};

/**
 * Run once per jest project that needs services (integration, e2e), in the one jest process: the
 * first starts them, the others reuse them (the environment set here stays set).
 */
export default async function globalSetup(): Promise<void> {
  globalThis.sharedKafkaMockUsers = (globalThis.sharedKafkaMockUsers ?? 0) + 1;
  if (globalThis.sharedKafkaMock) return;
  await ensureRedis();
  pruneStaleClaims();
  const mock = await startKafkaMock({
    brokers: 3,
    topics: [
      { name: 'film-events', partitions: 6 },
      { name: 'film-events.dlq', partitions: 1 },
      { name: 'film-index', partitions: 6 },
      { name: 'user-interactions', partitions: 6 },
      { name: 'user-interactions.dlq', partitions: 1 },
      { name: 'user-erasures', partitions: 3 },
      { name: 'newsletters', partitions: 3 },
      ...spareTopicNames.map((name) => ({ name, partitions: SPARE_TOPIC_PARTITIONS })),
    ],
  });
  globalThis.sharedKafkaMock = mock;
  const state: SharedKafkaMock = { bootstrap: mock.bootstrap, claimsDir: join(CLAIMS_ROOT, String(mock.pid)) };
  process.env.KAFKA_MOCK_BOOTSTRAP = state.bootstrap.join(',');
  process.env.KAFKA_MOCK_CLAIMS_DIR = state.claimsDir;
  // API replicas started by tests must not restore snapshots a previous run left in data/snapshots
  // (a test that wants snapshots gives its replica a directory of its own).
  process.env.SNAPSHOT_DIR = 'off';
  mkdirSync(dirname(SHARED_MOCK_STATE_FILE), { recursive: true });
  writeFileSync(SHARED_MOCK_STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
}
