import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { validateMarqueeConfig } from '@marquee/config';
import { filmIdOf, Topics, type FilmEvent } from '@marquee/domain';
import { IndexerAppModule } from '@marquee/indexer-app';
import { FilmEventsConsumer } from '@marquee/indexing';
import { KafkaEventBus } from '@marquee/kafka';
import { eventually } from '../support/eventually';
import { catalogueMismatches, filmStream, sourceOfTruth } from '../support/film-history';
import { ingestionEnv, replicaCatalogue, startIngestionCluster, testBus, TopicRecorder } from '../support/ingestion';
import type { KafkaMock } from '../support/kafka-mock';
import { silentLogger } from '../support/loggers';
import { initApp, teardownAfterAll } from '../support/teardown';

/**
 * A broker goes down mid-stream and comes back (librdkafka mock, three brokers). It leads half the
 * partitions of film-index: meanwhile the indexer's publishes to them fail, and so do its reading
 * of film-index and the end offsets it catches up with. Once the broker is back ingestion resumes:
 * nothing lost and nothing dead-lettered, since an outage is no fault of the events. (film-events
 * stays on the other brokers so the stream goes on; a consumer losing the leader it fetches from is
 * covered by kafka-mock-faults.spec.ts.)
 */
const FAILING_BROKER = 1;
const INDEXER_GROUP = 'broker-fault-indexer';
const RECORDER_GROUP = 'broker-fault-recorder';
const events = filmStream(300, { seed: 17, prefix: 'fault' });
const [beforeOutage, duringOutage] = [events.slice(0, 150), events.slice(150)];

describe('a broker down and up mid-stream (own 3-broker mock cluster, bundled model)', () => {
  const teardown = teardownAfterAll();
  let mock: KafkaMock;
  let producer: KafkaEventBus;
  let recorderBus: KafkaEventBus;
  let indexer: NestFastifyApplication;
  let indexIn: TopicRecorder;
  let deadLetters: TopicRecorder;
  const counters = () => indexer.get(FilmEventsConsumer).indexer.counters;

  /** The application's own retry: a publish that exhausted kafkajs' retries is sent again. */
  const publishUntilAccepted = async (batch: FilmEvent[]) => {
    const messages = batch.map((event) => ({ key: filmIdOf(event), value: JSON.stringify(event) }));
    for (let attempt = 1; ; attempt++) {
      try {
        return await producer.publish(Topics.filmEvents, messages);
      } catch (error) {
        if (attempt >= 200) throw error;
        await new Promise((done) => setTimeout(done, 100));
      }
    }
  };
  const publishAll = async (all: FilmEvent[]) => {
    for (let start = 0; start < all.length; start += 10) await publishUntilAccepted(all.slice(start, start + 10));
  };

  beforeAll(async () => {
    mock = teardown.track('mock cluster', await startIngestionCluster(), (m) => m.stop());
    for (const partition of [0, 1, 2, 3, 4, 5]) {
      await mock.setLeader(Topics.filmEvents, partition, 2 + (partition % 2));
      await mock.setLeader(Topics.filmIndex, partition, partition % 2 === 0 ? FAILING_BROKER : 2);
    }
    await mock.setGroupCoordinator(INDEXER_GROUP, 2);
    await mock.setGroupCoordinator(RECORDER_GROUP, 3);
    Object.assign(process.env, ingestionEnv(mock.bootstrap, { INDEXER_GROUP_ID: INDEXER_GROUP }));
    producer = new KafkaEventBus({
      brokers: mock.bootstrap,
      clientId: 'broker-fault-producer',
      idempotent: false,
      requestTimeout: 2_000,
      retry: { retries: 2, initialRetryTime: 50, maxRetryTime: 200 },
      logger: silentLogger,
    });
    teardown.add('producer', () => producer.close());
    recorderBus = teardown.track('recorder bus', testBus(mock.bootstrap, 'broker-fault-recorder'), (b) => b.close());
    const record = (topic: string, groupId?: string) =>
      TopicRecorder.start(recorderBus, topic, groupId).then((r) => teardown.track(`${topic} recorder`, r, (started) => started.stop()));
    [indexer, indexIn, deadLetters] = await Promise.all([
      initApp(teardown, 'indexer', () =>
        NestFactory.create<NestFastifyApplication>(IndexerAppModule.register(validateMarqueeConfig(process.env)), new FastifyAdapter(), {
          logger: false,
        }),
      ),
      record(Topics.filmIndex, RECORDER_GROUP),
      record(Topics.filmEventsDeadLetter),
    ]);
  }, 60_000);

  it('resumes ingestion once the broker is back, losing nothing and dead-lettering nothing', async () => {
    await publishAll(beforeOutage);
    await eventually(async () => expect(indexIn.messages.length).toBeGreaterThanOrEqual(50));

    await mock.brokerDown(FAILING_BROKER);
    const retriedBefore = counters().retried;
    const producing = publishAll(duringOutage);
    await eventually(async () => expect(counters().retried).toBeGreaterThan(retriedBefore), 60_000);
    await mock.brokerUp(FAILING_BROKER);
    await producing;

    const truth = sourceOfTruth(events);
    await eventually(async () => expect(catalogueMismatches(await replicaCatalogue(indexIn.messages), truth)).toEqual([]), 90_000);
    expect(counters().deadLettered).toBe(0);
    expect(deadLetters.messages).toEqual([]);
  });
});
