import { randomUUID } from 'node:crypto';
import type { Batch, EventBus, IncomingMessage, OutgoingMessage, SubscribeOptions, Subscription } from '@marquee/domain';

export interface EventBusContractSubject {
  createBus(): EventBus | Promise<EventBus>;
  /** A topic no other test writes to, with at least two partitions. */
  freshTopic(): string | Promise<string>;
  /** How long "eventually" may take; Kafka needs seconds when a group rebalances. */
  patienceMs?: number;
  /** Run the cases side by side: Kafka spends most of a case waiting for group joins. */
  concurrent?: boolean;
}

interface ContractCase {
  bus: EventBus;
  topic: string;
  /** A consumer group name no other case uses. */
  group(label: string): string;
  subscribe(groupId: string, handleBatch: Handler, fromBeginning?: boolean, startOffsets?: Map<number, string>): Promise<Subscription>;
  waitUntil(what: string, condition: () => boolean): Promise<void>;
}

type Handler = SubscribeOptions['handleBatch'];

/** Polls until the condition holds; the deadline only stops a broken test from hanging. */
export const waitUntil = async (what: string, condition: () => boolean, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
};

/** Records every message of every batch handed to it that it accepted. */
class Recorder {
  readonly messages: IncomingMessage[] = [];
  readonly batches: Batch[] = [];

  constructor(private readonly accept: (batch: Batch) => void | Promise<void> = () => undefined) {}

  readonly handle: Handler = async (batch) => {
    await this.accept(batch);
    this.batches.push(batch);
    this.messages.push(...batch.messages);
  };

  keys(): string[] {
    return this.messages.map((m) => m.key as string);
  }

  has(...keys: string[]): boolean {
    const seen = new Set(this.keys());
    return keys.every((key) => seen.has(key));
  }
}

const text = (message: IncomingMessage): string | null => message.value?.toString('utf8') ?? null;
const numbered = (prefix: string, count: number, value = (i: number) => `${prefix}${i}`): OutgoingMessage[] =>
  Array.from({ length: count }, (_, i) => ({ key: `${prefix}${i}`, value: value(i) }));

/**
 * What every `EventBus` adapter promises, run against the in-process bus and against Kafka
 * (the librdkafka mock cluster), so the embedded mode behaves like production where it matters.
 */
export const describeEventBusContract = (name: string, subject: EventBusContractSubject): void => {
  describe(`${name} honours the EventBus contract`, () => {
    const patience = subject.patienceMs ?? 5_000;
    const test = subject.concurrent ? it.concurrent : it;

    /** Each case gets its own bus and topic and stops what it started, so cases can run at once. */
    const contractCase = (title: string, body: (c: ContractCase) => Promise<void>) =>
      test(title, async () => {
        const bus = await subject.createBus();
        const topic = await subject.freshTopic();
        const subscriptions: Subscription[] = [];
        try {
          await body({
            bus,
            topic,
            group: (label) => `${label}-${randomUUID().slice(0, 8)}`,
            subscribe: async (groupId, handleBatch, fromBeginning = true, startOffsets) => {
              const subscription = await bus.subscribe({ topic, groupId, fromBeginning, handleBatch, startOffsets });
              subscriptions.push(subscription);
              return subscription;
            },
            waitUntil: (what, condition) => waitUntil(what, condition, patience),
          });
        } finally {
          await Promise.all(subscriptions.map((s) => s.stop()));
          await bus.close();
        }
      });

    contractCase('delivers keys, values, headers and tombstones as published', async ({ bus, topic, group, subscribe, waitUntil }) => {
      const reader = new Recorder();
      await subscribe(group('round-trip'), reader.handle);
      await bus.publish(topic, [
        { key: 'film-1', value: '{"title":"Ida"}', headers: { 'content-type': 'application/json', 'marquee-version': '3' } },
        { key: 'film-2', value: Buffer.from([0, 1, 2, 255]) },
        { key: 'film-1', value: null, headers: { 'marquee-version': '4' } },
      ]);
      await waitUntil('three messages', () => reader.messages.length >= 3);

      const [upsert, binary, tombstone] = reader.messages;
      expect(upsert).toMatchObject({ topic, key: 'film-1', headers: { 'content-type': 'application/json', 'marquee-version': '3' } });
      expect(text(upsert)).toBe('{"title":"Ida"}');
      expect(binary.key).toBe('film-2');
      expect(binary.headers).toEqual({});
      expect([...(binary.value as Buffer)]).toEqual([0, 1, 2, 255]);
      expect(tombstone).toMatchObject({ key: 'film-1', value: null, headers: { 'marquee-version': '4' } });
      expect(tombstone.partition).toBe(upsert.partition);
      expect(BigInt(tombstone.offset)).toBeGreaterThan(BigInt(upsert.offset));
      for (const message of reader.messages) {
        expect(message.offset).toMatch(/^\d+$/);
        expect(Number(message.timestamp)).toBeGreaterThan(0);
      }
      for (const batch of reader.batches) {
        expect(batch.messages.every((m) => m.partition === batch.partition && m.topic === batch.topic)).toBe(true);
        expect(BigInt(batch.highWatermark)).toBeGreaterThan(BigInt(batch.messages[batch.messages.length - 1].offset));
      }
      expect(reader.messages).toHaveLength(3);
    });

    contractCase('keeps the order of messages with the same key', async ({ bus, topic, group, subscribe, waitUntil }) => {
      const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
      for (let round = 0; round < 4; round++) {
        await bus.publish(
          topic,
          keys.flatMap((key) => [0, 1, 2].map((i) => ({ key, value: String(round * 3 + i) }))),
        );
      }
      const reader = new Recorder();
      await subscribe(group('order'), reader.handle);
      await waitUntil('72 messages', () => reader.messages.length >= keys.length * 12);

      for (const key of keys) {
        const ofKey = reader.messages.filter((m) => m.key === key);
        expect(ofKey.map(text)).toEqual(Array.from({ length: 12 }, (_, i) => String(i)));
        expect(new Set(ofKey.map((m) => m.partition)).size).toBe(1);
      }
    });

    contractCase(
      'starts a new group at the end of the log unless it reads from the beginning',
      async ({ bus, topic, group, subscribe, waitUntil }) => {
        await bus.publish(topic, [{ key: 'before', value: 'published before subscribing' }]);
        const latest = new Recorder();
        const everything = new Recorder();
        await Promise.all([subscribe(group('latest'), latest.handle, false), subscribe(group('earliest'), everything.handle, true)]);
        await bus.publish(topic, [{ key: 'after', value: 'published after subscribing' }]);

        await waitUntil('"after" in both groups', () => latest.has('after') && everything.has('before', 'after'));
        expect(latest.keys()).not.toContain('before');
      },
    );

    contractCase('gives every group every message', async ({ bus, topic, group, subscribe, waitUntil }) => {
      const first = new Recorder();
      const second = new Recorder();
      await Promise.all([subscribe(group('first'), first.handle), subscribe(group('second'), second.handle)]);
      const published = numbered('m', 10);
      await bus.publish(topic, published);

      const all = published.map((m) => m.key);
      await waitUntil('all messages in both groups', () => first.has(...all) && second.has(...all));
      expect(first.keys().sort()).toEqual([...all].sort());
      expect(second.keys().sort()).toEqual([...all].sort());
    });

    contractCase('splits the partitions among the subscribers of one group', async ({ bus, topic, group, subscribe, waitUntil }) => {
      const groupId = group('shared');
      const one = new Recorder();
      const other = new Recorder();
      await Promise.all([subscribe(groupId, one.handle), subscribe(groupId, other.handle)]);
      const published = numbered('s', 30);
      await bus.publish(topic, published);

      const all = published.map((m) => m.key);
      const seen = () => new Set([...one.keys(), ...other.keys()]);
      await waitUntil('every message in one of the two', () => all.every((key) => seen().has(key)));
      const partitionsOf = (r: Recorder) => new Set(r.messages.map((m) => m.partition));
      expect(one.messages.length).toBeGreaterThan(0);
      expect(other.messages.length).toBeGreaterThan(0);
      expect([...partitionsOf(one)].filter((p) => partitionsOf(other).has(p))).toEqual([]);
    });

    contractCase('resumes a group after its last committed message', async ({ bus, topic, group, subscribe, waitUntil }) => {
      const groupId = group('resume');
      const before = new Recorder();
      const first = await subscribe(groupId, before.handle);
      await bus.publish(
        topic,
        numbered('k', 6, (i) => `v1-${i}`),
      );
      await waitUntil('the first six', () => before.messages.length >= 6);
      await first.stop();

      // Same keys, so every partition that held an old message also gets a new one behind it:
      // an old message delivered again would arrive before the new one of its partition.
      await bus.publish(
        topic,
        numbered('k', 6, (i) => `v2-${i}`),
      );
      const after = new Recorder();
      await subscribe(groupId, after.handle);
      await waitUntil('the second six', () => after.messages.filter((m) => text(m)?.startsWith('v2-')).length >= 6);
      expect(after.messages.map(text).sort()).toEqual(Array.from({ length: 6 }, (_, i) => `v2-${i}`));
    });

    contractCase(
      'delivers a failed batch again to the next subscriber of the group, and nothing it committed',
      async ({ bus, topic, group, subscribe, waitUntil }) => {
        const groupId = group('uncommitted');
        const keys = ['poison', ...numbered('ok', 8).map((m) => m.key)];
        let failures = 0;
        const failing = new Recorder((batch) => {
          if (batch.messages.some((m) => m.key === 'poison')) {
            failures += 1;
            throw new Error('cannot handle poison');
          }
        });
        const first = await subscribe(groupId, failing.handle);
        await bus.publish(
          topic,
          keys.map((key) => ({ key, value: 'v1' })),
        );
        await waitUntil('a failure on poison', () => failures >= 1);
        await first.stop();

        // A second version of every key: a message delivered again comes before the v2 of its partition.
        await bus.publish(
          topic,
          keys.map((key) => ({ key, value: 'v2' })),
        );
        const healthy = new Recorder();
        await subscribe(groupId, healthy.handle);
        await waitUntil('v2 of every key', () => healthy.messages.filter((m) => text(m) === 'v2').length >= keys.length);

        const redelivered = healthy.messages.filter((m) => text(m) === 'v1').map((m) => m.key as string);
        expect(redelivered).toContain('poison');
        expect(redelivered.filter((key) => failing.has(key))).toEqual([]);
        expect([...redelivered, ...failing.keys()].sort()).toEqual([...keys].sort());
      },
    );

    contractCase(
      'delivers a batch again when its handler throws, without losing the rest',
      async ({ bus, topic, group, subscribe, waitUntil }) => {
        let attempts = 0;
        const reader = new Recorder((batch) => {
          if (batch.messages.some((m) => m.key === 'flaky') && ++attempts < 3) throw new TypeError('transient failure');
        });
        await subscribe(group('retry'), reader.handle);
        const published = [...numbered('r', 10), { key: 'flaky', value: 'eventually fine' }];
        await bus.publish(topic, published);

        await waitUntil('every message handled', () => reader.has(...published.map((m) => m.key)));
        expect(attempts).toBe(3);
        expect(reader.keys().filter((key) => key === 'flaky')).toHaveLength(1);
      },
    );

    contractCase('lets the batch in flight finish and commits it when stopped', async ({ bus, topic, group, subscribe, waitUntil }) => {
      const groupId = group('stop');
      const events: string[] = [];
      let release!: () => void;
      const gate = new Promise<void>((done) => (release = done));
      let entered = false;
      const reader = new Recorder(async () => {
        entered = true;
        await gate;
        events.push('batch finished');
      });
      const subscription = await subscribe(groupId, reader.handle);
      await bus.publish(topic, [{ key: 'same', value: 'first' }]);
      await waitUntil('the handler to start', () => entered);

      const stopped = subscription.stop().then(() => events.push('stopped'));
      await new Promise((done) => setTimeout(done, 50));
      release();
      await stopped;
      expect(events).toEqual(['batch finished', 'stopped']);

      await bus.publish(topic, [{ key: 'same', value: 'second' }]);
      const next = new Recorder();
      await subscribe(groupId, next.handle);
      await waitUntil('the second message', () => next.messages.some((m) => text(m) === 'second'));
      expect(next.messages.map(text)).toEqual(['second']);
    });

    /** Reads everything once with a group of its own, to learn where each published key landed. */
    const partitionsOf = async ({ group, subscribe, waitUntil }: ContractCase, count: number) => {
      const reader = new Recorder();
      const subscription = await subscribe(group('survey'), reader.handle);
      await waitUntil(`${count} messages`, () => reader.messages.length >= count);
      await subscription.stop();
      const byPartition = new Map<number, IncomingMessage[]>();
      for (const message of reader.messages) byPartition.set(message.partition, [...(byPartition.get(message.partition) ?? []), message]);
      // Busiest first: by pigeonhole the first holds at least two of the messages.
      return [...byPartition.values()].sort((a, b) => b.length - a.length);
    };

    contractCase('starts listed partitions at their start offsets and the others from the beginning', async (c) => {
      const { bus, topic, group, subscribe, waitUntil } = c;
      const published = numbered('p', 12);
      await bus.publish(topic, published);
      const [replayed, skipped = [], ...unlisted] = await partitionsOf(c, published.length);

      // The busiest partition from its second message, the next one from its end, the rest unlisted.
      const startOffsets = new Map([[replayed[0].partition, replayed[1].offset]]);
      if (skipped.length > 0) startOffsets.set(skipped[0].partition, String(BigInt(skipped[skipped.length - 1].offset) + 1n));
      const resumed = new Recorder();
      await subscribe(group('resumed'), resumed.handle, true, startOffsets);
      const expected = [...replayed.slice(1), ...unlisted.flat()].map((m) => m.key as string);
      await waitUntil('every message after the start offsets', () => resumed.has(...expected));
      expect(resumed.keys().sort()).toEqual(expected.sort());

      if (skipped.length > 0) {
        await bus.publish(topic, [{ key: skipped[0].key as string, value: 'after the end' }]);
        await waitUntil('the message published after the end offset', () => resumed.messages.some((m) => text(m) === 'after the end'));
        expect(resumed.messages.filter((m) => m.partition === skipped[0].partition).map(text)).toEqual(['after the end']);
      }
    });

    contractCase('starts listed partitions at their start offsets even when the group committed later ones', async (c) => {
      const { bus, topic, group, subscribe, waitUntil } = c;
      const groupId = group('rewound');
      const published = numbered('c', 9, (i) => `v1-${i}`);
      await bus.publish(topic, published);
      const committing = new Recorder();
      const first = await subscribe(groupId, committing.handle);
      await waitUntil('the first nine', () => committing.messages.length >= published.length);
      await first.stop();
      const rewound = committing.messages.filter((m) => m.partition === committing.messages[0].partition);

      const again = new Recorder();
      await subscribe(groupId, again.handle, false, new Map([[rewound[0].partition, rewound[0].offset]]));
      // A second version of every key: an old message delivered again comes before the v2 of its partition.
      await bus.publish(
        topic,
        numbered('c', 9, (i) => `v2-${i}`),
      );
      await waitUntil('v2 of every key', () => again.messages.filter((m) => text(m)?.startsWith('v2-')).length >= published.length);
      expect(again.messages.filter((m) => text(m)?.startsWith('v1-')).map(text)).toEqual(rewound.map(text));
    });

    contractCase('reports the end offset of every partition', async ({ bus, topic }) => {
      const before = await bus.endOffsets(topic);
      expect(before.size).toBeGreaterThanOrEqual(2);
      await bus.publish(topic, numbered('e', 7));
      const after = await bus.endOffsets(topic);

      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
      const grown = [...after].reduce((sum, [p, end]) => sum + Number(BigInt(end) - BigInt(before.get(p) as string)), 0);
      expect(grown).toBe(7);
    });

    contractCase('answers ping while open and refuses work once closed', async ({ bus, topic }) => {
      await expect(bus.ping()).resolves.toBeUndefined();
      await bus.close();
      await expect(bus.publish(topic, [{ key: 'k', value: 'v' }])).rejects.toThrow(/closed/);
    });
  });
};
