import { SlidingWindowThrottlerStorage } from './sliding-window-throttler.storage';

const MINUTE = 60_000;

describe('SlidingWindowThrottlerStorage', () => {
  let now: number;
  let storage: SlidingWindowThrottlerStorage;
  const hit = (key = 'client', limit = 3) => storage.increment(key, MINUTE, limit, MINUTE, 'default');

  beforeEach(() => {
    now = 1_000_000;
    storage = new SlidingWindowThrottlerStorage(() => now);
  });

  it('admits `limit` hits per client and window, then blocks that client only', async () => {
    const admitted = [await hit(), await hit(), await hit()];
    expect(admitted.map((r) => [r.totalHits, r.isBlocked])).toEqual([
      [1, false],
      [2, false],
      [3, false],
    ]);
    expect(await hit()).toMatchObject({ isBlocked: true, totalHits: 4, timeToBlockExpire: 60 });
    expect(await hit('other')).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it('stays blocked for the block duration, then admits again', async () => {
    for (let i = 0; i < 4; i++) await hit();
    now += 30_000;
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
    now += 30_001;
    expect(await hit()).toMatchObject({ isBlocked: false });
  });

  it('counts no blocked hit, so a request refused twice (by a hook, then by the guard) counts as one', async () => {
    for (let i = 0; i < 3; i++) await hit();
    for (let i = 0; i < 10; i++) expect(await hit()).toMatchObject({ isBlocked: true });
    // Past the block, the previous window weighs in with the three admitted hits only: 3 × 0.5 → 1.
    now += MINUTE + MINUTE / 2;
    expect(await hit()).toMatchObject({ isBlocked: false, totalHits: 2 });
  });

  it('weighs the previous window by how much of it still lies within the last ttl', async () => {
    for (let i = 0; i < 10; i++) await hit('c', 10);
    // A quarter into the next window, three quarters of the previous ten hits still count.
    now += MINUTE + MINUTE / 4;
    expect(await hit('c', 10)).toMatchObject({ totalHits: 8, isBlocked: false });
    expect(await hit('c', 10)).toMatchObject({ totalHits: 9 });
    expect(await hit('c', 10)).toMatchObject({ totalHits: 10 });
    expect(await hit('c', 10)).toMatchObject({ isBlocked: true });
  });

  it('forgets everything after two idle windows and drops idle clients', async () => {
    await hit('a');
    await hit('b');
    now += 2 * MINUTE;
    expect(await hit('a')).toMatchObject({ totalHits: 1, timeToExpire: 60 });
    expect(storage.size()).toBe(1);
  });
});
