import { z } from 'zod';
import type { Batch, IncomingMessage } from '@marquee/domain';
import { InProcessEventBus } from '@marquee/event-bus';
import { eventually } from '../../../test/support/eventually';
import { mockLogger, silentLogger } from '../../../test/support/loggers';
import { DeadLetterHeaders } from './dead-letter';
import { MessageConsumer, MessageRejectedError, type MessageConsumerOptions } from './message-consumer';

const TOPIC = 'interactions';
const DLQ = 'interactions.dlq';
const InteractionSchema = z.strictObject({ userId: z.string().min(1), filmId: z.string().min(1), type: z.enum(['view', 'like']) });
type Interaction = z.infer<typeof InteractionSchema>;

const interaction = (userId: string, filmId: string, type = 'like') => ({ key: userId, value: JSON.stringify({ userId, filmId, type }) });
const fastRetry = { attempts: 3, initialDelayMs: 1, maxDelayMs: 2 };

describe('MessageConsumer', () => {
  let bus: InProcessEventBus;
  let consumer: MessageConsumer<typeof InteractionSchema> | undefined;
  const deadLetters: IncomingMessage[] = [];

  const start = async (
    options: Partial<MessageConsumerOptions<typeof InteractionSchema>> & Pick<MessageConsumerOptions<typeof InteractionSchema>, 'handle'>,
  ) => {
    consumer = new MessageConsumer({
      bus,
      topic: TOPIC,
      groupId: 'profiles',
      deadLetterTopic: DLQ,
      schema: InteractionSchema,
      check: (value, message) => (message.key === value.userId ? undefined : `message key "${message.key}" is not the user id`),
      retry: fastRetry,
      logger: silentLogger,
      ...options,
    });
    await consumer.start();
    return consumer;
  };

  beforeEach(async () => {
    deadLetters.length = 0;
    // One partition, so the order of handling is the order of publishing; failed batches come again after 5 ms.
    bus = new InProcessEventBus({ partitions: 1, retryBackoff: { initialMs: 5, maxMs: 5 }, logger: silentLogger });
    await bus.subscribe({
      topic: DLQ,
      groupId: 'dlq-reader',
      fromBeginning: true,
      handleBatch: async (batch: Batch) => void deadLetters.push(...batch.messages),
    });
  });

  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
    await bus.close();
  });

  it('handles valid messages in order and dead-letters each bad one with its reason, without stopping', async () => {
    const handled: Interaction[] = [];
    const started = await start({ handle: async (value) => void handled.push(value) });
    await bus.publish(TOPIC, [
      interaction('ana', 'backstage-2023'),
      { key: 'bob', value: '{"userId": "bob",' },
      { key: 'cem', value: JSON.stringify({ userId: 'cem', filmId: 'x', type: 'hate' }) },
      interaction('dan', 'invasion'),
      { key: 'eve', value: null },
      { key: 'not-fay', value: JSON.stringify({ userId: 'fay', filmId: 'x', type: 'view' }) },
      interaction('gus', 'maidan', 'view'),
    ]);

    await eventually(async () => expect(deadLetters).toHaveLength(4), 5_000, 10);
    await eventually(async () => expect(handled).toHaveLength(3), 5_000, 10);
    expect(handled.map((h) => h.userId)).toEqual(['ana', 'dan', 'gus']);
    expect(deadLetters.map((letter) => [letter.key, letter.headers[DeadLetterHeaders.reason]])).toEqual([
      ['bob', expect.stringMatching(/^malformed JSON/)],
      ['cem', expect.stringMatching(/^type: /)],
      ['eve', 'empty message'],
      ['not-fay', 'message key "not-fay" is not the user id'],
    ]);
    // The original bytes and where they came from travel with the reason.
    expect(deadLetters[0].value?.toString()).toBe('{"userId": "bob",');
    expect(deadLetters[0].headers).toMatchObject({ [DeadLetterHeaders.sourceTopic]: TOPIC, [DeadLetterHeaders.sourceOffset]: '1' });
    expect(started.counters).toEqual({ consumed: 7, handled: 3, deadLettered: 4, retried: 0 });
  });

  it('with keysInParallel, overlaps the handling of different keys and keeps each key in order, dead letters in batch order', async () => {
    const handled: string[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    const started = await start({
      keysInParallel: 3,
      handle: async ({ userId, filmId }) => {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        handled.push(`${userId}:${filmId}`);
        inFlight -= 1;
      },
    });
    await bus.publish(TOPIC, [
      interaction('ana', 'a1'),
      interaction('bob', 'b1'),
      { key: 'cem', value: '{' },
      interaction('ana', 'a2'),
      interaction('cem', 'c1'),
      interaction('bob', 'b2'),
      { key: 'bob', value: null },
      interaction('ana', 'a3'),
    ]);

    await eventually(async () => expect(handled).toHaveLength(6), 5_000, 10);
    await eventually(async () => expect(deadLetters).toHaveLength(2), 5_000, 10);
    for (const user of ['ana', 'bob', 'cem']) {
      const own = handled.filter((h) => h.startsWith(`${user}:`));
      expect(own).toEqual([...own].sort());
    }
    expect(mostInFlight).toBeGreaterThan(1);
    expect(mostInFlight).toBeLessThanOrEqual(3);
    expect(deadLetters.map((letter) => letter.key)).toEqual(['cem', 'bob']);
    expect(started.counters).toMatchObject({ consumed: 8, handled: 6, deadLettered: 2 });
  });

  it('dead-letters a message its handler rejects, at once and with the handler’s reason', async () => {
    let calls = 0;
    const started = await start({
      handle: async ({ filmId }) => {
        calls += 1;
        if (filmId === 'gone') throw new MessageRejectedError('film "gone" is not in the catalogue');
      },
    });
    await bus.publish(TOPIC, [interaction('ana', 'gone'), interaction('ana', 'invasion')]);

    await eventually(async () => expect(started.counters).toMatchObject({ handled: 1, deadLettered: 1 }), 5_000, 10);
    expect(calls).toBe(2);
    expect(started.counters.retried).toBe(0);
    await eventually(
      async () => expect(deadLetters.map((l) => l.headers[DeadLetterHeaders.reason])).toEqual(['film "gone" is not in the catalogue']),
      5_000,
      10,
    );
  });

  it('tries a failing handler again, and a message that comes through is handled and not dead-lettered', async () => {
    const logger = mockLogger();
    let failures = 2;
    const handled: string[] = [];
    const started = await start({
      logger,
      handle: async ({ filmId }) => {
        if (failures-- > 0) throw new Error('store busy');
        handled.push(filmId);
      },
    });
    await bus.publish(TOPIC, [interaction('ana', 'invasion')]);

    await eventually(async () => expect(handled).toEqual(['invasion']), 5_000, 10);
    expect(started.counters).toMatchObject({ handled: 1, deadLettered: 0, retried: 2 });
    expect(logger.warn).toHaveBeenCalledWith(expect.stringMatching(/^handling interactions\[0\]@0 failed \(try 1 of 3\).*store busy/));
    expect(deadLetters).toEqual([]);
  });

  it('blames a message that still fails while its dependencies work, and moves on', async () => {
    const handled: string[] = [];
    const started = await start({
      dependenciesWork: async () => true,
      handle: async ({ filmId }) => {
        if (filmId === 'poison') throw new Error('cannot read this one');
        handled.push(filmId);
      },
    });
    await bus.publish(TOPIC, [interaction('ana', 'poison'), interaction('ana', 'invasion')]);

    await eventually(async () => expect(handled).toEqual(['invasion']), 5_000, 10);
    await eventually(async () =>
      expect(deadLetters.map((l) => l.headers[DeadLetterHeaders.reason])).toEqual(['handling failed after 3 tries: cannot read this one']),
    );
    expect(started.counters).toMatchObject({ handled: 1, deadLettered: 1, retried: 2 });
  });

  it('dead-letters nothing during an outage: the batch comes again until the store is back, each message at least once', async () => {
    let storeUp = false;
    const seen: string[] = [];
    const effects = new Set<string>();
    const started = await start({
      dependenciesWork: async () => storeUp,
      handle: async ({ filmId }, message) => {
        seen.push(`${message.offset}:${filmId}`);
        if (!storeUp && filmId === 'maidan') throw new Error('store down');
        // Idempotent: the message's position names the effect, so a redelivery changes nothing.
        effects.add(`${message.partition}@${message.offset}`);
      },
    });
    await bus.publish(TOPIC, [interaction('ana', 'invasion'), interaction('ana', 'maidan')]);

    await eventually(async () => expect(seen.filter((s) => s === '0:invasion').length).toBeGreaterThan(1), 5_000, 5);
    expect(deadLetters).toEqual([]);
    storeUp = true;
    await eventually(async () => expect(effects).toEqual(new Set(['0@0', '0@1'])), 5_000, 10);
    expect(deadLetters).toEqual([]);
    expect(started.counters.deadLettered).toBe(0);
  });

  it('stops waiting out a retry when it is stopped, so a shutdown never waits for the backoff', async () => {
    const stopping = new MessageConsumer({
      bus,
      topic: TOPIC,
      groupId: 'stopping',
      deadLetterTopic: DLQ,
      schema: InteractionSchema,
      retry: { attempts: 10, initialDelayMs: 600_000, maxDelayMs: 600_000 },
      logger: { ...silentLogger, warn: () => void stopping.stop() },
      handle: async () => {
        throw new Error('store down');
      },
    });
    const [message] = await Promise.all([
      new Promise<IncomingMessage>((resolve) => {
        void bus.subscribe({ topic: TOPIC, groupId: 'peek', fromBeginning: true, handleBatch: async (b) => resolve(b.messages[0]) });
      }),
      bus.publish(TOPIC, [interaction('ana', 'invasion')]),
    ]);
    await expect(stopping.handleBatch({ topic: TOPIC, partition: 0, messages: [message], highWatermark: '1' })).rejects.toThrow(
      'store down',
    );
    expect(stopping.counters).toMatchObject({ retried: 1, handled: 0, deadLettered: 0 });
  });
});
