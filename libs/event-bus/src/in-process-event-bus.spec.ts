import { randomUUID } from 'node:crypto';
import { describeEventBusContract } from '../../../test/support/event-bus.contract';
import { silentLogger } from '../../../test/support/loggers';
import { InProcessEventBus } from './in-process-event-bus';

const quietLogger = silentLogger;

describeEventBusContract('InProcessEventBus', {
  createBus: () => new InProcessEventBus({ partitions: 3, retryBackoff: { initialMs: 10, maxMs: 50 }, logger: quietLogger }),
  freshTopic: () => `topic-${randomUUID()}`,
});

describe('InProcessEventBus', () => {
  let bus: InProcessEventBus;
  afterEach(() => bus.close());

  it('never runs a handler inside publish', async () => {
    bus = new InProcessEventBus({ logger: quietLogger });
    let handled = 0;
    await bus.subscribe({ topic: 't', groupId: 'g', fromBeginning: true, handleBatch: async (b) => void (handled += b.messages.length) });
    await bus.publish('t', [{ key: 'k', value: 'v' }]);
    expect(handled).toBe(0);
    await new Promise((done) => setImmediate(done));
    await new Promise((done) => setImmediate(done));
    expect(handled).toBe(1);
  });

  it('hands out at most maxBatchSize messages per batch', async () => {
    bus = new InProcessEventBus({ partitions: 1, maxBatchSize: 4, logger: quietLogger });
    await bus.publish(
      't',
      Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: String(i) })),
    );
    const sizes: number[] = [];
    const subscription = await bus.subscribe({
      topic: 't',
      groupId: 'g',
      fromBeginning: true,
      handleBatch: async (batch) => void sizes.push(batch.messages.length),
    });
    while (sizes.reduce((a, b) => a + b, 0) < 10) await new Promise((done) => setTimeout(done, 5));
    await subscription.stop();
    expect(sizes).toEqual([4, 4, 2]);
  });

  it('keeps what was published even if the publisher reuses its buffer', async () => {
    bus = new InProcessEventBus({ logger: quietLogger });
    const buffer = Buffer.from('original');
    await bus.publish('t', [{ key: 'k', value: buffer }]);
    buffer.write('changed!');
    const values: string[] = [];
    await bus.subscribe({
      topic: 't',
      groupId: 'g',
      fromBeginning: true,
      handleBatch: async (batch) => void values.push(...batch.messages.map((m) => String(m.value))),
    });
    while (values.length === 0) await new Promise((done) => setTimeout(done, 5));
    expect(values).toEqual(['original']);
  });

  it('gives topics their configured partition counts', async () => {
    bus = new InProcessEventBus({ partitions: 2, topicPartitions: { dlq: 1 } });
    expect((await bus.endOffsets('dlq')).size).toBe(1);
    expect((await bus.endOffsets('other')).size).toBe(2);
  });

  it('stops promptly while a failed batch waits for its retry', async () => {
    const warnings: string[] = [];
    bus = new InProcessEventBus({
      retryBackoff: { initialMs: 60_000, maxMs: 60_000 },
      logger: { ...quietLogger, warn: (m) => warnings.push(m) },
    });
    const subscription = await bus.subscribe({
      topic: 't',
      groupId: 'g',
      fromBeginning: true,
      handleBatch: async () => {
        throw new Error('broken handler');
      },
    });
    await bus.publish('t', [{ key: 'k', value: 'v' }]);
    while (warnings.length === 0) await new Promise((done) => setTimeout(done, 5));
    await subscription.stop();
    expect(warnings[0]).toMatch(/t\[\d\] failed: broken handler; delivering it again in 60000 ms/);
  });
});
