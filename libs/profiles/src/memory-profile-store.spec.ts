import { describeProfileStoreContract } from '../../../test/support/profile-store.contract';
import { MemoryProfileStore } from './memory-profile-store';

describeProfileStoreContract('MemoryProfileStore', () => new MemoryProfileStore({ tombstoneTtlSeconds: 3_600 }));

describe('MemoryProfileStore', () => {
  it('forgets an erasure tombstone after its TTL, when the interactions it guarded against are gone too', async () => {
    let now = 1_000_000;
    const store = new MemoryProfileStore({ tombstoneTtlSeconds: 60, now: () => now });
    await store.erase('u-1', new Date(now));

    now += 59_000;
    await expect(store.erasedAt('u-1')).resolves.toBe(1_000_000);
    now += 1_000;
    await expect(store.erasedAt('u-1')).resolves.toBeUndefined();
  });
});
