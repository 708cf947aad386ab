import { describeCacheContract } from '../../../test/support/cache.contract';
import { MemoryCache } from './memory-cache';

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

  it('rejects a maxEntries below one', () => {
    expect(() => new MemoryCache({ maxEntries: 0 })).toThrow(RangeError);
  });
});
