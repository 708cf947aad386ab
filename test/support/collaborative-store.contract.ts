import type { CollaborativeStore, EngagementChange, ItemModelSnapshot } from '@marquee/collaborative';

/** Builds a store whose keys live under `namespace`, keeping `maxFilmsPerUser` films per user. */
export type CollaborativeStoreFactory = (namespace: string, maxFilmsPerUser: number) => CollaborativeStore | Promise<CollaborativeStore>;

const change = (userId: string, filmId: string, weight: number, atMs: number): EngagementChange => ({ userId, filmId, weight, atMs });

const snapshot = (films: string[]): ItemModelSnapshot => ({
  fittedAtMs: 1_700_000_000_000,
  users: 2,
  neighbours: Object.fromEntries(
    films.map((f, n) => [f, [films.filter((g) => g !== f), films.filter((g) => g !== f).map(() => 0.5 / (n + 1))]]),
  ),
  engagedUsers: Object.fromEntries(films.map((f) => [f, 2])),
});

/** Behaviour every CollaborativeStore adapter must share; run it from each adapter's spec. */
export function describeCollaborativeStoreContract(name: string, createStore: CollaborativeStoreFactory): void {
  describe(`${name} honours the CollaborativeStore contract`, () => {
    const opened: CollaborativeStore[] = [];
    let testNumber = 0;

    async function open(maxFilmsPerUser = 10, namespace = `t${testNumber}:`): Promise<CollaborativeStore> {
      const store = await createStore(namespace, maxFilmsPerUser);
      opened.push(store);
      return store;
    }

    beforeEach(() => {
      testNumber += 1;
    });

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    it('knows nothing of a user never seen', async () => {
      const store = await open();
      await expect(store.historyOf('nobody')).resolves.toEqual([]);
    });

    it('keeps the strongest engagement per film and its latest time, newest first', async () => {
      const store = await open();
      await store.apply([change('ana', 'f1', 1, 1_000), change('ana', 'f2', 0.7777777777777778, 2_000), change('ana', 'f1', 5, 3_000)]);
      await store.apply([change('ana', 'f1', 2, 4_000)]);

      await expect(store.historyOf('ana')).resolves.toEqual([
        { filmId: 'f1', weight: 5, atMs: 4_000 },
        { filmId: 'f2', weight: 0.7777777777777778, atMs: 2_000 },
      ]);
    });

    it('changes nothing when the same changes come again (redelivery, replay)', async () => {
      const store = await open();
      const changes = [change('ana', 'f1', 2, 1_000), change('ana', 'f2', 4, 2_000), change('bo', 'f1', 1, 1_500)];
      await store.apply(changes);
      const once = [await store.historyOf('ana'), await store.historyOf('bo')];
      await store.apply(changes);

      await expect(Promise.all([store.historyOf('ana'), store.historyOf('bo')])).resolves.toEqual(once);
    });

    it('removes a film the user dismissed, and forgets a user with nothing left', async () => {
      const store = await open();
      await store.apply([change('ana', 'f1', 2, 1_000), change('ana', 'f2', 2, 1_000), change('bo', 'f3', 1, 1_000)]);
      await store.apply([change('ana', 'f1', 0, 2_000), change('bo', 'f3', 0, 2_000)]);

      await expect(store.historyOf('ana')).resolves.toEqual([{ filmId: 'f2', weight: 2, atMs: 1_000 }]);
      const users = [];
      for await (const history of store.histories()) users.push(history.userId);
      expect(users).toEqual(['ana']);
    });

    it('keeps only the most recent films of a user beyond its cap', async () => {
      const store = await open(4);
      const many = Array.from({ length: 12 }, (_, n) => change('ana', `f${n}`, 1, 1_000 * n));
      await store.apply(many);

      const history = await store.historyOf('ana');
      expect(history.map((e) => e.filmId)).toEqual(['f11', 'f10', 'f9', 'f8']);
    });

    it('streams every user history once', async () => {
      const store = await open();
      const users = Array.from({ length: 1_234 }, (_, n) => `user-${n}`);
      await store.apply(users.map((userId, n) => change(userId, `f${n % 7}`, 1 + (n % 3), n)));

      const seen = new Map<string, number>();
      for await (const history of store.histories()) seen.set(history.userId, history.engagements.length);
      expect([...seen.keys()].sort()).toEqual([...users].sort());
      expect([...seen.values()].every((count) => count === 1)).toBe(true);
    });

    it('forgets an erased user, also when their old interactions are replayed, but not what they do afterwards', async () => {
      const store = await open();
      await store.apply([change('ana', 'f1', 2, 1_000), change('bo', 'f1', 2, 1_000)]);
      await store.erase('ana', 5_000);
      await store.apply([change('ana', 'f1', 2, 1_000), change('ana', 'f2', 1, 5_000)]);

      await expect(store.historyOf('ana')).resolves.toEqual([]);
      const users = [];
      for await (const history of store.histories()) users.push(history.userId);
      expect(users).toEqual(['bo']);

      await store.apply([change('ana', 'f3', 4, 6_000)]);
      await expect(store.historyOf('ana')).resolves.toEqual([{ filmId: 'f3', weight: 4, atMs: 6_000 }]);
    });

    it('stores models under increasing versions and returns the latest', async () => {
      const store = await open();
      await expect(store.loadModel()).resolves.toBeUndefined();
      await expect(store.modelVersion()).resolves.toBe(0);

      const first = await store.saveModel(snapshot(['a', 'b']));
      const second = await store.saveModel(snapshot(['a', 'b', 'c']));

      expect(second).toBeGreaterThan(first);
      await expect(store.modelVersion()).resolves.toBe(second);
      await expect(store.loadModel()).resolves.toEqual({ version: second, snapshot: snapshot(['a', 'b', 'c']) });
    });

    it('isolates stores with different namespaces', async () => {
      const first = await open(10, `t${testNumber}:first:`);
      const second = await open(10, `t${testNumber}:second:`);
      await first.apply([change('ana', 'f1', 1, 1)]);
      await first.saveModel(snapshot(['a', 'b']));

      await expect(second.historyOf('ana')).resolves.toEqual([]);
      await expect(second.loadModel()).resolves.toBeUndefined();
    });

    it('answers ping while healthy', async () => {
      const store = await open();
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
