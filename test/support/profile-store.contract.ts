import type { ProfileStore } from '@marquee/profiles';
import { sampleProfile } from './profiles';

/** Builds a store whose keys live under `namespace`; stores with different namespaces must not see each other's profiles. */
export type ProfileStoreFactory = (namespace: string) => ProfileStore | Promise<ProfileStore>;

const approximately = (actual: Float32Array, expected: Float32Array): void => {
  expect(actual.length).toBe(expected.length);
  actual.forEach((x, i) => expect(x).toBeCloseTo(expected[i], 4));
};

/** Behaviour every ProfileStore adapter must share; run it from each adapter's spec. */
export function describeProfileStoreContract(name: string, createStore: ProfileStoreFactory): void {
  describe(`${name} honours the ProfileStore contract`, () => {
    const opened: ProfileStore[] = [];
    let testNumber = 0;

    async function open(namespace = `t${testNumber}:`): Promise<ProfileStore> {
      const store = await createStore(namespace);
      opened.push(store);
      return store;
    }

    beforeEach(() => {
      testNumber += 1;
    });

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    it('returns undefined for a user never saved', async () => {
      const store = await open();
      await expect(store.get('nobody')).resolves.toBeUndefined();
    });

    it('returns what was saved, every field, vectors within the encoding precision', async () => {
      const store = await open();
      const profile = sampleProfile('u-1');
      await expect(store.save(profile, 0)).resolves.toBe('saved');

      const read = await store.get('u-1');
      const { interests, ...rest } = profile;
      expect(read).toMatchObject(rest);
      expect(read?.interests.map(({ weight, at, count }) => ({ weight, at, count }))).toEqual(
        interests.map(({ weight, at, count }) => ({ weight, at, count })),
      );
      read?.interests.forEach((c, i) => approximately(c.direction, interests[i].direction));
    });

    it('saves only over the expected version', async () => {
      const store = await open();
      await store.save(sampleProfile('u-1', 1), 0);

      await expect(store.save(sampleProfile('u-1', 2), 0)).resolves.toBe('conflict');
      await expect(store.save(sampleProfile('u-1', 2), 5)).resolves.toBe('conflict');
      await expect(store.save(sampleProfile('u-1', 2), 1)).resolves.toBe('saved');
      await expect(store.get('u-1')).resolves.toMatchObject({ version: 2 });
    });

    it('reads many profiles in the order asked', async () => {
      const store = await open();
      await store.save(sampleProfile('a'), 0);
      await store.save(sampleProfile('c'), 0);

      const read = await store.getMany(['c', 'b', 'a']);
      expect(read.map((p) => p?.userId)).toEqual(['c', undefined, 'a']);
    });

    it('erases a profile and refuses to bring it back from a profile created before the erasure', async () => {
      const store = await open();
      const profile = sampleProfile('u-1');
      await store.save(profile, 0);

      await store.erase('u-1', new Date(profile.createdAt + 1_000));

      await expect(store.get('u-1')).resolves.toBeUndefined();
      await expect(store.erasedAt('u-1')).resolves.toBe(profile.createdAt + 1_000);
      await expect(store.save(profile, 0)).resolves.toBe('erased');
      await expect(store.save({ ...profile, createdAt: profile.createdAt + 1_000 }, 0)).resolves.toBe('erased');
      await expect(store.get('u-1')).resolves.toBeUndefined();
    });

    it('accepts a profile created after the erasure (the user came back)', async () => {
      const store = await open();
      const erasedAt = 1_700_000_000_000;
      await store.erase('u-1', new Date(erasedAt));

      await expect(store.save({ ...sampleProfile('u-1'), createdAt: erasedAt + 1 }, 0)).resolves.toBe('saved');
      await expect(store.get('u-1')).resolves.toMatchObject({ createdAt: erasedAt + 1 });
    });

    it('keeps the later of two erasures', async () => {
      const store = await open();
      await store.erase('u-1', new Date(2_000));
      await store.erase('u-1', new Date(1_000));
      await expect(store.erasedAt('u-1')).resolves.toBe(2_000);
    });

    it('erases one user and leaves the others', async () => {
      const store = await open();
      await store.save(sampleProfile('a'), 0);
      await store.save(sampleProfile('b'), 0);

      await store.erase('a', new Date());

      await expect(store.get('a')).resolves.toBeUndefined();
      await expect(store.get('b')).resolves.toMatchObject({ userId: 'b' });
      await expect(store.erasedAt('b')).resolves.toBeUndefined();
    });

    it('scans every stored profile once, in batches', async () => {
      const store = await open();
      const ids = Array.from({ length: 23 }, (_, i) => `user-${i}`);
      for (const id of ids) await store.save(sampleProfile(id), 0);
      await store.erase('user-3', new Date());

      const seen: string[] = [];
      for await (const batch of store.scan(5)) seen.push(...batch.map((p) => p.userId));

      expect([...new Set(seen)].sort()).toEqual(ids.filter((id) => id !== 'user-3').sort());
    });

    it('isolates stores with different namespaces', async () => {
      const first = await open(`t${testNumber}:first:`);
      const second = await open(`t${testNumber}:second:`);
      await first.save(sampleProfile('u-1'), 0);

      await expect(second.get('u-1')).resolves.toBeUndefined();
      await second.erase('u-1', new Date());
      await expect(first.get('u-1')).resolves.toMatchObject({ userId: 'u-1' });
    });

    it('answers ping while healthy', async () => {
      const store = await open();
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
