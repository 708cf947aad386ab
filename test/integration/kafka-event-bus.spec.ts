import type { Batch } from '@marquee/domain';
import { KafkaEventBus, type KafkaEventBusOptions } from '@marquee/kafka';
import { describeEventBusContract, waitUntil } from '../support/event-bus.contract';
import { claimTopic, kafkaBootstrap } from '../support/kafka-env';
import { startKafkaMock } from '../support/kafka-mock';
import { silentLogger } from '../support/loggers';

const quiet = silentLogger;

/** What the mock cluster needs: no idempotence, and short sessions so that group joins take seconds. */
const mockClusterBus = (brokers: string[], options: Partial<KafkaEventBusOptions> = {}) =>
  new KafkaEventBus({
    brokers,
    clientId: 'marquee-test',
    idempotent: false,
    sessionTimeout: 3_000,
    heartbeatInterval: 500,
    rebalanceTimeout: 3_000,
    maxWaitTimeInMs: 250,
    logger: quiet,
    ...options,
  });

describeEventBusContract('KafkaEventBus', {
  createBus: () => mockClusterBus(kafkaBootstrap()),
  freshTopic: claimTopic,
  patienceMs: 30_000,
  concurrent: true,
});

describe('KafkaEventBus', () => {
  it('logs a failing handler with its batch and goes on consuming', async () => {
    const warnings: string[] = [];
    const bus = mockClusterBus(kafkaBootstrap(), { logger: { ...quiet, warn: (m) => warnings.push(m) } });
    const topic = claimTopic();
    const handled: Batch[] = [];
    let failed = false;
    try {
      await bus.subscribe({
        topic,
        groupId: 'logging',
        fromBeginning: true,
        handleBatch: async (batch) => {
          if (!failed) {
            failed = true;
            throw new Error('embedder unavailable');
          }
          handled.push(batch);
        },
      });
      await bus.publish(topic, [{ key: 'film-1', value: 'v' }]);
      await waitUntil('the batch to be handled', () => handled.length > 0, 30_000);
    } finally {
      await bus.close();
    }
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^handling a batch of ${topic}\\[\\d\\] failed: embedder unavailable; it will be delivered again \\(groupId=logging, offsets=0\\.\\.0\\)$`,
        ),
      ),
    ]);
  });

  it('fails ping, within its timeout, once the cluster is gone', async () => {
    const mock = await startKafkaMock({ brokers: 1 });
    const bus = mockClusterBus(mock.bootstrap, { pingTimeoutMs: 1_000, retry: { retries: 1, initialRetryTime: 50 } });
    try {
      await expect(bus.ping()).resolves.toBeUndefined();
      await mock.stop();
      await expect(bus.ping()).rejects.toThrow();
    } finally {
      await bus.close();
      await mock.stop();
    }
  });
});

describe('KafkaEventBus closed while subscribing', () => {
  it('rejects the subscription instead of leaving a consumer behind', async () => {
    const bus = mockClusterBus(kafkaBootstrap());
    const subscribing = bus.subscribe({
      topic: 'film-events',
      groupId: 'closed-early',
      fromBeginning: true,
      handleBatch: async () => undefined,
    });
    await bus.close();
    await expect(subscribing).rejects.toThrow(/stopped before it started/);
  });
});
