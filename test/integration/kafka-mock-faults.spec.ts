import { KafkaEventBus } from '@marquee/kafka';
import type { OutgoingMessage } from '@marquee/domain';
import { waitUntil } from '../support/event-bus.contract';
import { startKafkaMock, type KafkaMock } from '../support/kafka-mock';
import { silentLogger } from '../support/loggers';
import { teardownAfterAll } from '../support/teardown';

const TOPIC = 'faults';
const LEADER = 1;

describe('KafkaEventBus when the partition leader goes down mid-stream', () => {
  let mock: KafkaMock;
  let bus: KafkaEventBus;
  const logged: string[] = [];

  const teardown = teardownAfterAll();

  beforeAll(async () => {
    mock = await startKafkaMock({ brokers: 3, topics: [{ name: TOPIC, partitions: 3 }] });
    teardown.add('mock cluster', () => mock.stop());
    for (const partition of [0, 1, 2]) await mock.setLeader(TOPIC, partition, LEADER);
    // The group coordinator lives elsewhere, so the outage is the leader's alone.
    await mock.setGroupCoordinator('faults-reader', 2);
    bus = new KafkaEventBus({
      brokers: mock.bootstrap,
      clientId: 'marquee-faults',
      idempotent: false,
      sessionTimeout: 3_000,
      heartbeatInterval: 500,
      rebalanceTimeout: 3_000,
      maxWaitTimeInMs: 250,
      requestTimeout: 2_000,
      // Publishes give up quickly, so the test sees the outage and retries on its own.
      retry: { retries: 2, initialRetryTime: 50, maxRetryTime: 200 },
      logger: { ...silentLogger, warn: (m) => logged.push(m), error: (m) => logged.push(m) },
    });
    teardown.add('bus', () => bus.close());
  });

  it('loses nothing: publishing resumes and the consumer gets every message', async () => {
    const received = new Map<string, number>();
    await bus.subscribe({
      topic: TOPIC,
      groupId: 'faults-reader',
      fromBeginning: true,
      handleBatch: async (batch) => {
        for (const m of batch.messages) received.set(m.key as string, (received.get(m.key as string) ?? 0) + 1);
      },
    });

    const batches: OutgoingMessage[][] = Array.from({ length: 20 }, (_, b) =>
      Array.from({ length: 10 }, (_, i) => ({ key: `film-${b * 10 + i}`, value: `payload ${b * 10 + i}` })),
    );
    let failedPublishes = 0;
    let leaderDown = false;
    for (const [index, batch] of batches.entries()) {
      if (index === 5) {
        await waitUntil('the first batches to be consumed', () => received.size >= 50, 30_000);
        await mock.brokerDown(LEADER);
        leaderDown = true;
      }
      // The application's own retry: a publish that exhausted kafkajs' retries is sent again.
      for (let attempt = 1; ; attempt++) {
        try {
          await bus.publish(TOPIC, batch);
          break;
        } catch (error) {
          failedPublishes += 1;
          if (attempt >= 50) throw error;
          // Up again once the consumer has felt the outage too.
          if (leaderDown && logged.some((line) => line.includes('Crash'))) {
            await mock.brokerUp(LEADER);
            leaderDown = false;
          }
          await new Promise((done) => setTimeout(done, 100));
        }
      }
    }

    expect(failedPublishes).toBeGreaterThan(0);
    expect(logged.some((line) => /Consumer: Crash/.test(line))).toBe(true);
    const all = batches.flat().map((m) => m.key);
    await waitUntil('every message to be consumed', () => all.every((key) => received.has(key)), 60_000);
    expect(received.size).toBe(all.length);
  });
});
