import { describeCacheContract } from '../../../test/support/cache.contract';
import { entryBytes, MemoryCache } from './memory-cache';

describeCacheContract('MemoryCache', () => new MemoryCache());

describe('MemoryCache', () => {
  it('evicts the least recently used entry beyond maxEntries', async () => {
    const cache = new MemoryCache({ maxEntries: 3 });
    await cache.set('a', 'A', 60);
    await cache.set('b', 'B', 60);
    await cache.set('c', 'C', 60);
    await cache.get('a');

    await cache.set('d', 'D', 60);

    expect(cache.size()).toBe(3);
    await expect(cache.get('b')).resolves.toBeNull();
    await expect(cache.get('a')).resolves.toBe('A');
    await expect(cache.get('c')).resolves.toBe('C');
    await expect(cache.get('d')).resolves.toBe('D');
  });

  it('counts an overwrite as a use, not as a new entry', async () => {
    const cache = new MemoryCache({ maxEntries: 2 });
    await cache.set('a', 'A', 60);
    await cache.set('b', 'B', 60);
    await cache.set('a', 'A2', 60);

    await cache.set('c', 'C', 60);

    await expect(cache.get('a')).resolves.toBe('A2');
    await expect(cache.get('b')).resolves.toBeNull();
    await expect(cache.get('c')).resolves.toBe('C');
  });

  it('expires entries by its clock and drops them on access', async () => {
    let now = 1_000_000;
    const cache = new MemoryCache({ clock: () => now });
    await cache.set('k', 'v', 2);

    now += 1_999;
    await expect(cache.get('k')).resolves.toBe('v');
    now += 1;
    await expect(cache.get('k')).resolves.toBeNull();
    expect(cache.size()).toBe(0);
  });

  it('evicts the least recently used entries beyond maxBytes, and never keeps a value bigger than the budget', async () => {
    const value = 'x'.repeat(1_000);
    const cache = new MemoryCache({ maxBytes: 3 * entryBytes('k0', value) });
    for (const key of ['k0', 'k1', 'k2']) await cache.set(key, value, 60);
    await cache.get('k0');
    await cache.set('k3', value, 60);

    expect(cache.size()).toBe(3);
    expect(cache.bytes()).toBeLessThanOrEqual(3 * entryBytes('k0', value));
    await expect(cache.get('k1')).resolves.toBeNull();
    await expect(cache.get('k0')).resolves.toBe(value);

    await cache.set('k0', 'y'.repeat(10_000), 60);
    await expect(cache.get('k0')).resolves.toBeNull();
    expect(cache.size()).toBe(2);
  });

  it('holds a bounded number of bytes however many distinct large values go in', async () => {
    const maxBytes = 1024 * 1024;
    const cache = new MemoryCache({ maxBytes });
    for (let i = 0; i < 500; i++) await cache.set(`answer-${i}`, 'a'.repeat(50_000 + i), 60);
    expect(cache.bytes()).toBeLessThanOrEqual(maxBytes);
    expect(cache.size()).toBeLessThan(11);
    await expect(cache.get('answer-499')).resolves.toHaveLength(50_499);
  });

  it('rejects a maxEntries below one', () => {
    expect(() => new MemoryCache({ maxEntries: 0 })).toThrow(RangeError);
  });
});
