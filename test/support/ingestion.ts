import { randomUUID } from 'node:crypto';
import { FilmCatalogue, FilmIndexProjection } from '@marquee/catalogue';
import {
  filmIdOf,
  FILM_INDEX_VERSION_HEADER,
  Topics,
  type EventBus,
  type FilmEvent,
  type IncomingMessage,
  type Subscription,
} from '@marquee/domain';
import { KafkaEventBus } from '@marquee/kafka';
import { BruteForceVectorIndex } from '@marquee/vector-index';
import { eventually } from './eventually';
import { catalogueMismatches, sourceOfTruth } from './film-history';
import { startKafkaMock, type KafkaMock } from './kafka-mock';
import { silentLogger } from './loggers';

export const TEST_API_KEY = 'ingestion-test-key-0123456789';

/** A cluster of the test's own with Marquee's topics, so nothing another test published is read. */
export const startIngestionCluster = (): Promise<KafkaMock> =>
  startKafkaMock({
    brokers: 3,
    topics: [
      { name: Topics.filmEvents, partitions: 6 },
      { name: Topics.filmIndex, partitions: 6 },
      // Three partitions: the mock keeps ~5 MiB per partition, and dead letters carry oversized originals.
      { name: Topics.filmEventsDeadLetter, partitions: 3 },
    ],
  });

/** A group leader's wait before it syncs, so the mock sees every follower's SyncGroup first (`leaderSyncsLast`). */
export const MOCK_GROUP_SYNC_DELAY_MS = 300;

/** Environment of an indexer or API against a mock cluster: fast group forming, one embedding thread, quick retries. */
export const ingestionEnv = (bootstrap: string[], overrides: Record<string, string> = {}): Record<string, string> => ({
  KAFKA_BROKERS: bootstrap.join(','),
  KAFKA_IDEMPOTENT: 'false',
  KAFKA_SESSION_TIMEOUT_MS: '3000',
  KAFKA_HEARTBEAT_MS: '500',
  KAFKA_GROUP_SYNC_DELAY_MS: String(MOCK_GROUP_SYNC_DELAY_MS),
  KAFKA_FETCH_MAX_WAIT_MS: '100',
  API_KEY: TEST_API_KEY,
  EMBEDDING_THREADS: '1',
  INDEXER_RETRY_ATTEMPTS: '3',
  INDEXER_RETRY_BACKOFF_MS: '50',
  INDEXER_RETRY_MAX_BACKOFF_MS: '500',
  SNAPSHOT_DIR: 'off',
  HOST: '127.0.0.1',
  PORT: '0',
  METRICS_PORT: 'off',
  LOG_LEVEL: 'silent',
  ...overrides,
});

export const testBus = (bootstrap: string[], name: string): KafkaEventBus =>
  new KafkaEventBus({
    brokers: bootstrap,
    clientId: `${name}-${randomUUID().slice(0, 8)}`,
    idempotent: false,
    sessionTimeout: 3_000,
    heartbeatInterval: 500,
    groupSyncDelayMs: MOCK_GROUP_SYNC_DELAY_MS,
    maxWaitTimeInMs: 100,
    logger: silentLogger,
  });

/** Publishes film events keyed by film id, a chunk per call, in order. */
export const publishFilmEvents = async (bus: EventBus, events: FilmEvent[], chunk = 50): Promise<void> => {
  for (let start = 0; start < events.length; start += chunk) {
    const messages = events.slice(start, start + chunk).map((e) => ({ key: filmIdOf(e), value: JSON.stringify(e) }));
    await bus.publish(Topics.filmEvents, messages);
  }
};

/**
 * Every message of a topic, read from the beginning with a group of its own. A message delivered
 * again (after a consumer crash, say) is recorded once: the record is of the log, not of deliveries.
 */
export class TopicRecorder {
  readonly messages: IncomingMessage[] = [];
  private readonly positions = new Set<string>();
  private subscription?: Subscription;

  static async start(bus: EventBus, topic: string, groupId = `recorder-${randomUUID()}`): Promise<TopicRecorder> {
    const recorder = new TopicRecorder();
    recorder.subscription = await bus.subscribe({
      topic,
      groupId,
      fromBeginning: true,
      handleBatch: async (batch) => recorder.record(batch.messages),
    });
    return recorder;
  }

  stop(): Promise<void> {
    return this.subscription?.stop() ?? Promise.resolve();
  }

  private record(messages: IncomingMessage[]): void {
    for (const message of messages) {
      const position = `${message.partition}@${message.offset}`;
      if (this.positions.has(position)) continue;
      this.positions.add(position);
      this.messages.push(message);
    }
  }
}

/** The catalogue an API replica builds from these film-index messages (its own read model). */
export const replicaCatalogue = async (messages: IncomingMessage[]): Promise<FilmCatalogue> => {
  const first = messages.find((m) => m.value !== null);
  const dimension = first ? (JSON.parse((first.value as Buffer).toString()) as { model: { dimension: number } }).model.dimension : 1;
  const catalogue = new FilmCatalogue(new BruteForceVectorIndex({ dimension }));
  const projection = new FilmIndexProjection(catalogue, undefined, silentLogger);
  const byPartition = new Map<number, IncomingMessage[]>();
  for (const message of messages) byPartition.set(message.partition, [...(byPartition.get(message.partition) ?? []), message]);
  for (const [partition, batch] of byPartition)
    await projection.handleBatch({ topic: Topics.filmIndex, partition, messages: batch, highWatermark: '0' });
  return catalogue;
};

/** `film@version` of every film version film-index received more than once. */
export const versionsIndexedTwice = (messages: IncomingMessage[]): string[] => {
  const seen = new Map<string, number>();
  for (const { key, headers } of messages) {
    const id = `${key}@${headers[FILM_INDEX_VERSION_HEADER]}`;
    seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  return [...seen].filter(([, count]) => count > 1).map(([id]) => id);
};

/**
 * film-index as recorded, read into a replica's catalogue, comes to equal the source of truth of
 * `produced`, and no film version was published twice.
 */
export const expectIndexToMatch = async (recorded: IncomingMessage[], produced: FilmEvent[], timeoutMs = 60_000): Promise<void> => {
  const truth = sourceOfTruth(produced);
  await eventually(async () => expect(catalogueMismatches(await replicaCatalogue(recorded), truth)).toEqual([]), timeoutMs);
  expect(versionsIndexedTwice(recorded)).toEqual([]);
};
