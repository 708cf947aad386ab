import type { Batch } from '@marquee/domain';
import { KafkaEventBus, type KafkaEventBusOptions } from '@marquee/kafka';
import { randomUUID } from 'node:crypto';
import { waitUntil } from '../support/event-bus.contract';
import { ApiKeys, holdingBack } from '../support/held-back-requests';
import { claimTopic, kafkaBootstrap } from '../support/kafka-env';
import { teardownAfterAll } from '../support/teardown';

/**
 * The librdkafka mock hands out a group's assignment as soon as the leader's SyncGroup arrives and
 * refuses a follower's SyncGroup that comes later with INVALID_REQUEST, which kafkajs deems fatal:
 * a consumer that lost this race never consumed (the flaky ingestion-rebalance spec). A member made
 * slow at SyncGroup makes the race deterministic: the first member is the leader, the second a follower.
 */
describe('a consumer group on the mock whose follower syncs late', () => {
  const teardown = teardownAfterAll();

  const bus = (name: string, warnings: string[], options: Partial<KafkaEventBusOptions> = {}) =>
    teardown.track(
      name,
      new KafkaEventBus({
        brokers: kafkaBootstrap(),
        clientId: `${name}-${randomUUID().slice(0, 8)}`,
        idempotent: false,
        sessionTimeout: 3_000,
        heartbeatInterval: 500,
        maxWaitTimeInMs: 100,
        logger: {
          log: () => undefined,
          debug: () => undefined,
          warn: (m: string) => warnings.push(m),
          error: (m: string) => warnings.push(m),
        },
        ...options,
      }),
      (b) => b.close(),
    );

  /** Leader first, then the follower; both must consume part of what is published after both joined. */
  const formGroup = async (leaderOptions: Partial<KafkaEventBusOptions>, followerOptions: Partial<KafkaEventBusOptions>) => {
    const topic = claimTopic();
    const groupId = `late-sync-${randomUUID()}`;
    const warnings = { leader: [] as string[], follower: [] as string[] };
    const handled = { leader: [] as Batch[], follower: [] as Batch[] };
    const leader = bus('leader', warnings.leader, leaderOptions);
    const follower = bus('follower', warnings.follower, followerOptions);
    const subscribe = (member: 'leader' | 'follower', on: KafkaEventBus) =>
      on.subscribe({ topic, groupId, fromBeginning: true, handleBatch: async (batch) => void handled[member].push(batch) });
    await subscribe('leader', leader);
    await subscribe('follower', follower);
    // After the rebalance the follower's join caused, each member owns some of the 3 partitions.
    await leader.publish(
      topic,
      Array.from({ length: 30 }, (_, i) => ({ key: `film-${i}`, value: String(i) })),
    );
    const count = (batches: Batch[]) => batches.reduce((n, b) => n + b.messages.length, 0);
    await waitUntil('all 30 messages consumed', () => count(handled.leader) + count(handled.follower) >= 30, 30_000);
    return { warnings, consumed: { leader: count(handled.leader), follower: count(handled.follower) } };
  };

  it('with the leader syncing last, a follower always slower than it gets its partitions at once', async () => {
    const { warnings, consumed } = await formGroup(
      { groupSyncDelayMs: 600 },
      { socketFactory: holdingBack({ apiKey: ApiKeys.SyncGroup, delayMs: 200 }) },
    );
    expect(consumed.follower).toBeGreaterThan(0);
    expect(consumed.leader).toBeGreaterThan(0);
    expect(warnings.follower).toEqual([]);
  });

  it('a follower refused at SyncGroup joins again instead of stopping for good', async () => {
    // Its first SyncGroup comes after the leader's even with the leader waiting; the next does not.
    const { warnings, consumed } = await formGroup(
      { groupSyncDelayMs: 300 },
      { socketFactory: holdingBack({ apiKey: ApiKeys.SyncGroup, delayMs: 1_500, times: 1 }) },
    );
    expect(warnings.follower).toEqual([
      expect.stringMatching(/^kafkajs Consumer: Crash: KafkaJSProtocolError/),
      expect.stringMatching(/^Kafka group coordinator refused a request; joining the group again/),
    ]);
    expect(consumed.follower).toBeGreaterThan(0);
  });
});
