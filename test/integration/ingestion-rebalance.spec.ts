import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { validateMarqueeConfig } from '@marquee/config';
import { Topics } from '@marquee/domain';
import { IndexerAppModule } from '@marquee/indexer-app';
import { FilmEventsConsumer } from '@marquee/indexing';
import type { KafkaEventBus } from '@marquee/kafka';
import { eventually } from '../support/eventually';
import { filmStream } from '../support/film-history';
import { expectIndexToMatch, ingestionEnv, publishFilmEvents, startIngestionCluster, testBus, TopicRecorder } from '../support/ingestion';
import { initApp, teardownAfterAll } from '../support/teardown';

/**
 * Two indexers in one consumer group share film-events' partitions; when one stops mid-stream the
 * other takes its partitions over from the committed offsets. film-index ends up equal to the
 * source of truth with no film version published twice.
 */
const events = filmStream(360, { seed: 23, prefix: 'pair' });
const [shared, afterStop] = [events.slice(0, 300), events.slice(300)];

describe('two indexers in one group (Kafka mock, bundled model)', () => {
  const teardown = teardownAfterAll();
  let bus: KafkaEventBus;
  let indexIn: TopicRecorder;
  let first: NestFastifyApplication;
  let second: NestFastifyApplication;
  const counters = (app: NestFastifyApplication) => app.get(FilmEventsConsumer).indexer.counters;
  const startIndexerApp = (name: string) =>
    initApp(teardown, name, () =>
      NestFactory.create<NestFastifyApplication>(IndexerAppModule.register(validateMarqueeConfig(process.env)), new FastifyAdapter(), {
        logger: false,
      }),
    );

  beforeAll(async () => {
    const mock = teardown.track('mock cluster', await startIngestionCluster(), (m) => m.stop());
    Object.assign(process.env, ingestionEnv(mock.bootstrap, { INDEXER_GROUP_ID: 'pair-indexer' }));
    bus = teardown.track('test bus', testBus(mock.bootstrap, 'pair-test'), (b) => b.close());
    [indexIn, first] = await Promise.all([
      TopicRecorder.start(bus, Topics.filmIndex).then((recorder) => teardown.track('film-index recorder', recorder, (r) => r.stop())),
      startIndexerApp('first indexer'),
    ]);
    // The second joins once the first is in: its join rebalances the group, and resolves once it has its partitions.
    second = await startIndexerApp('second indexer');
  }, 60_000);

  /**
   * Each redelivery (a commit lost to a rebalance) is recognised: the film version is indexed
   * already, so it is skipped. (Counters move once a batch is done, just after its films show in film-index.)
   */
  const expectRedeliveriesSkipped = (produced: number) =>
    eventually(async () => {
      const [a, b] = [counters(first), counters(second)];
      expect(a.consumed + b.consumed - produced).toBe(a.skipped + b.skipped);
    });

  it('share the partitions: both index part of the stream', async () => {
    await publishFilmEvents(bus, shared, 20);
    await expectIndexToMatch(indexIn.messages, shared);
    expect(counters(first).indexed).toBeGreaterThan(0);
    expect(counters(second).indexed).toBeGreaterThan(0);
    await expectRedeliveriesSkipped(shared.length);
  });

  it('when one stops mid-stream, the other takes over: nothing lost, nothing doubled', async () => {
    const handledBySecond = counters(second).consumed;
    const indexedBefore = indexIn.messages.length;
    const producing = publishFilmEvents(bus, afterStop, 5);
    await eventually(async () => expect(indexIn.messages.length).toBeGreaterThan(indexedBefore + 20));
    await first.close();
    await producing;
    await expectIndexToMatch(indexIn.messages, events);
    await expectRedeliveriesSkipped(events.length);
    expect(counters(second).consumed).toBeGreaterThan(handledBySecond);
  });
});
