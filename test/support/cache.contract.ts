import type { Cache } from '@marquee/domain';

/** Builds a cache whose keys live under `namespace`; caches with different namespaces must not see each other's keys. */
export type CacheFactory = (namespace: string) => Cache | Promise<Cache>;

const EXPIRY_DEADLINE_MS = 5_000;
const POLL_INTERVAL_MS = 100;

async function eventually(condition: () => Promise<boolean>, deadlineMs: number): Promise<boolean> {
  const giveUpAt = Date.now() + deadlineMs;
  while (Date.now() < giveUpAt) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  return condition();
}

/** Behaviour every Cache adapter must share; run it from each adapter's spec. */
export function describeCacheContract(name: string, createCache: CacheFactory): void {
  describe(`${name} honours the Cache contract`, () => {
    const opened: Cache[] = [];
    let testNumber = 0;

    async function open(namespace = `t${testNumber}:`): Promise<Cache> {
      const cache = await createCache(namespace);
      opened.push(cache);
      return cache;
    }

    beforeEach(() => {
      testNumber += 1;
    });

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((cache) => cache.close()));
    });

    it('returns null for a key never set', async () => {
      const cache = await open();
      await expect(cache.get('missing')).resolves.toBeNull();
    });

    it('returns what was set, and the latest value after an overwrite', async () => {
      const cache = await open();
      await cache.set('film:1', '{"title":"Le Samouraï"}', 60);
      await expect(cache.get('film:1')).resolves.toBe('{"title":"Le Samouraï"}');
      await cache.set('film:1', 'second', 60);
      await expect(cache.get('film:1')).resolves.toBe('second');
    });

    it('keeps an empty string distinct from a miss', async () => {
      const cache = await open();
      await cache.set('empty', '', 60);
      await expect(cache.get('empty')).resolves.toBe('');
    });

    it('expires a key after its TTL while keys with longer TTLs stay', async () => {
      const cache = await open();
      await cache.set('short-lived', 'soon gone', 1);
      await cache.set('long-lived', 'still here', 60);

      const expired = await eventually(async () => (await cache.get('short-lived')) === null, EXPIRY_DEADLINE_MS);

      expect(expired).toBe(true);
      await expect(cache.get('long-lived')).resolves.toBe('still here');
    });

    it('rejects a TTL that is not a positive number', async () => {
      const cache = await open();
      await expect(cache.set('k', 'v', 0)).rejects.toThrow(RangeError);
      await expect(cache.set('k', 'v', Number.NaN)).rejects.toThrow(RangeError);
      await expect(cache.get('k')).resolves.toBeNull();
    });

    it('deletes the given keys, ignores unknown ones and leaves the rest', async () => {
      const cache = await open();
      await cache.set('a', '1', 60);
      await cache.set('b', '2', 60);
      await cache.set('c', '3', 60);

      await cache.delete(['a', 'b', 'never-set']);

      await expect(cache.get('a')).resolves.toBeNull();
      await expect(cache.get('b')).resolves.toBeNull();
      await expect(cache.get('c')).resolves.toBe('3');
    });

    it('treats deleting no keys as a no-op', async () => {
      const cache = await open();
      await cache.set('kept', 'yes', 60);
      await expect(cache.delete([])).resolves.toBeUndefined();
      await expect(cache.get('kept')).resolves.toBe('yes');
    });

    it('isolates caches with different namespaces', async () => {
      const first = await open(`t${testNumber}:first:`);
      const second = await open(`t${testNumber}:second:`);

      await first.set('shared-name', 'first', 60);
      await expect(second.get('shared-name')).resolves.toBeNull();

      await second.set('shared-name', 'second', 60);
      await first.delete(['shared-name']);

      await expect(first.get('shared-name')).resolves.toBeNull();
      await expect(second.get('shared-name')).resolves.toBe('second');
    });

    it('answers ping while healthy', async () => {
      const cache = await open();
      await expect(cache.ping()).resolves.toBeUndefined();
    });
  });
}
