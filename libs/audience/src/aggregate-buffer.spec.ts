import { AggregateBuffer } from './aggregate-buffer';
import type { TopicInteraction } from './audience-store.port';

const event = (n: number): TopicInteraction => ({
  partition: 0,
  offset: n,
  event: {
    interactionId: `i-${n}`,
    type: 'view',
    filmId: 'f1',
    userId: `u-${n}`,
    occurredAt: '2026-12-01T10:00:00.000Z',
    receivedAt: '2026-12-01T10:00:00.000Z',
  },
});
const events = (from: number, n: number) => Array.from({ length: n }, (_, i) => event(from + i));

/** Records what each flush applied; a flush resolves when told to (or fails when told to). */
const recorder = () => {
  const flushes: string[][] = [];
  const pending: { resolve(n: number): void; reject(error: Error): void }[] = [];
  const apply = (batch: readonly TopicInteraction[]) =>
    new Promise<number>((resolve, reject) => {
      flushes.push(batch.map((e) => e.event.interactionId));
      pending.push({ resolve, reject });
    });
  return { flushes, pending, apply };
};

const ticks = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

const settled = async (promise: Promise<unknown>): Promise<'pending' | 'resolved' | 'rejected'> => {
  let state: 'pending' | 'resolved' | 'rejected' = 'pending';
  promise.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  for (let i = 0; i < 10; i++) await Promise.resolve();
  return state;
};

describe('AggregateBuffer', () => {
  afterEach(() => jest.useRealTimers());

  it('applies the batches of many partitions in one flush once every batch the consumer can hold is in', async () => {
    const { flushes, pending, apply } = recorder();
    const buffer = new AggregateBuffer(apply, { maxMessages: 1_000, maxBatches: 3, idleMs: 60_000 });
    const first = buffer.add(events(0, 2));
    const second = buffer.add(events(2, 2));
    await expect(settled(first)).resolves.toBe('pending');
    expect(flushes).toEqual([]);
    const third = buffer.add(events(4, 1));
    await settled(third);
    expect(flushes).toEqual([['i-0', 'i-1', 'i-2', 'i-3', 'i-4']]);
    // Nobody's offsets may be committed before the flush is applied.
    await expect(settled(first)).resolves.toBe('pending');
    pending[0].resolve(5);
    await expect(Promise.all([first, second, third])).resolves.toEqual([undefined, undefined, undefined]);
    expect(buffer.applied).toBe(5);
    expect(buffer.flushes).toBe(1);
  });

  it('flushes once enough interactions wait, and after the idle time when fewer batches came', async () => {
    jest.useFakeTimers();
    const { flushes, pending, apply } = recorder();
    const buffer = new AggregateBuffer(apply, { maxMessages: 4, maxBatches: 100, idleMs: 50 });
    const big = buffer.add(events(0, 5));
    await ticks();
    expect(flushes).toHaveLength(1);
    pending[0].resolve(5);
    await big;
    const small = buffer.add(events(5, 1));
    jest.advanceTimersByTime(49);
    await ticks();
    expect(flushes).toHaveLength(1);
    jest.advanceTimersByTime(1);
    await ticks();
    expect(flushes).toEqual([['i-0', 'i-1', 'i-2', 'i-3', 'i-4'], ['i-5']]);
    pending[1].resolve(1);
    await small;
  });

  it('fails every batch of a failed flush (to be delivered again) and goes on with the next', async () => {
    const { flushes, pending, apply } = recorder();
    const buffer = new AggregateBuffer(apply, { maxMessages: 1_000, maxBatches: 2, idleMs: 60_000 });
    const a = buffer.add(events(0, 1));
    const b = buffer.add(events(1, 1));
    await settled(a);
    // Batches that come while a flush runs go into the next one, which starts after it.
    const c = buffer.add(events(2, 1));
    const d = buffer.add(events(3, 1));
    await settled(c);
    expect(flushes).toHaveLength(1);
    pending[0].reject(new Error('redis is down'));
    await expect(a).rejects.toThrow('redis is down');
    await expect(b).rejects.toThrow('redis is down');
    await settled(c);
    expect(flushes).toEqual([
      ['i-0', 'i-1'],
      ['i-2', 'i-3'],
    ]);
    pending[1].resolve(2);
    await expect(Promise.all([c, d])).resolves.toHaveLength(2);
    expect(buffer.applied).toBe(2);
  });

  it('drains what waits on demand', async () => {
    const buffer = new AggregateBuffer(async (batch) => batch.length, { maxMessages: 1_000, maxBatches: 100, idleMs: 60_000 });
    const waiting = buffer.add(events(0, 3));
    await buffer.drain();
    await waiting;
    expect(buffer.applied).toBe(3);
  });
});
