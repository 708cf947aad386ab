import { Topics } from '@marquee/domain';
import type { KafkaEventBus } from '@marquee/kafka';
import { startNodeApp, type NodeApp } from '../support/child-process';
import { teardownAfterAll } from '../support/teardown';
import { eventually } from '../support/eventually';
import { filmStream } from '../support/film-history';
import { expectIndexToMatch, ingestionEnv, publishFilmEvents, startIngestionCluster, testBus, TopicRecorder } from '../support/ingestion';
import type { KafkaMock } from '../support/kafka-mock';

/**
 * The indexer as a process of its own (as deployed), killed with SIGKILL and stopped with SIGTERM
 * while film events stream in. film-index, read back into a replica's catalogue, must equal the
 * source of truth: nothing lost, no film version published twice.
 */
const events = filmStream(400, { seed: 5, prefix: 'crash' });
const [beforeKill, afterKill, aroundStop, afterStop] = [
  events.slice(0, 250),
  events.slice(250, 420),
  events.slice(420, 560),
  events.slice(560),
];
const CHUNK = 10;

const counters = (line: string): Record<string, number> =>
  Object.fromEntries([...line.matchAll(/(\w+) (\d+)/g)].map(([, name, count]) => [name, Number(count)]));

describe('indexer processes killed and stopped mid-stream (Kafka mock, bundled model)', () => {
  const teardown = teardownAfterAll();
  let mock: KafkaMock;
  let bus: KafkaEventBus;
  let indexIn: TopicRecorder;
  const indexers: NodeApp[] = [];

  const startIndexer = async (): Promise<NodeApp> => {
    const app = startNodeApp(
      'apps/indexer/src/main.ts',
      ingestionEnv(mock.bootstrap, { LOG_LEVEL: 'info', INDEXER_GROUP_ID: 'crash-indexer' }),
    );
    indexers.push(app);
    teardown.add(`indexer ${app.pid}`, async () => {
      app.kill('SIGKILL');
      await app.exited;
    });
    await app.waitForLine(/serving on/);
    return app;
  };

  beforeAll(async () => {
    mock = teardown.track('mock cluster', await startIngestionCluster(), (m) => m.stop());
    bus = teardown.track('test bus', testBus(mock.bootstrap, 'crash-test'), (b) => b.close());
    indexIn = teardown.track('film-index recorder', await TopicRecorder.start(bus, Topics.filmIndex), (r) => r.stop());
  });

  it('after kill -9 mid-stream and a restart, loses nothing and publishes no version twice', async () => {
    const first = await startIndexer();
    const producing = publishFilmEvents(bus, beforeKill, CHUNK);
    await eventually(async () => expect(indexIn.messages.length).toBeGreaterThanOrEqual(60));
    first.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await producing;
    await publishFilmEvents(bus, afterKill, CHUNK);

    await startIndexer();
    await expectIndexToMatch(indexIn.messages, [...beforeKill, ...afterKill]);
  });

  it('on SIGTERM mid-stream, commits what it handled and exits 0; its successor redoes nothing', async () => {
    const [, second] = indexers;
    const indexedBefore = indexIn.messages.length;
    const producing = publishFilmEvents(bus, aroundStop, CHUNK);
    await eventually(async () => expect(indexIn.messages.length).toBeGreaterThan(indexedBefore + 20));
    second.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(await second.waitForLine(/stopped consuming film-events/)).toMatch(/consumed [1-9]/);
    await producing;
    await publishFilmEvents(bus, afterStop, CHUNK);

    const third = await startIndexer();
    await expectIndexToMatch(indexIn.messages, events);
    third.kill('SIGTERM');
    expect(await third.exited).toEqual({ code: 0, signal: null });
    // Everything the second indexer handled was committed: none of it came to the third again.
    const thirdCounts = counters(await third.waitForLine(/stopped consuming film-events/));
    expect(thirdCounts.consumed).toBeGreaterThanOrEqual(afterStop.length);
    expect(thirdCounts).toMatchObject({ skipped: 0, deadLettered: 0 });
  });
});
