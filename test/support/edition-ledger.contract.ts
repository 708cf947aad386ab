import type { EditionLedger, LedgerEntry } from '@marquee/newsletter';

/** Opens a ledger whose editions live under `namespace`; `reopen` opens the same storage again (a new process). */
export interface LedgerFactory {
  open(namespace: string): Promise<EditionLedger>;
  /** Whether a second ledger over the same storage sees the first one's entries (not so for memory). */
  durable: boolean;
}

const collect = async (entries: AsyncIterable<LedgerEntry>): Promise<Map<string, string>> => {
  const all = new Map<string, string>();
  for await (const { userId, contentHash } of entries) all.set(userId, contentHash);
  return all;
};

/** Behaviour every EditionLedger adapter must share; run it from each adapter's spec. */
export function describeEditionLedgerContract(name: string, factory: LedgerFactory): void {
  describe(`${name} honours the EditionLedger contract`, () => {
    const opened: EditionLedger[] = [];
    let testNumber = 0;
    const namespace = () => `t${testNumber}`;
    const open = async () => {
      const ledger = await factory.open(namespace());
      opened.push(ledger);
      return ledger;
    };

    beforeEach(() => {
      testNumber += 1;
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((l) => l.close()));
    });

    it('says which of the asked subscribers are done, with their hashes', async () => {
      const ledger = await open();
      await expect(ledger.done('2026-W50', ['a', 'b'])).resolves.toEqual(new Map());
      await ledger.record('2026-W50', [
        { userId: 'a', contentHash: 'h-a' },
        { userId: 'c', contentHash: 'h-c' },
      ]);
      await expect(ledger.done('2026-W50', ['a', 'b', 'c'])).resolves.toEqual(
        new Map([
          ['a', 'h-a'],
          ['c', 'h-c'],
        ]),
      );
      await expect(ledger.done('2026-W50', [])).resolves.toEqual(new Map());
    });

    it('keeps editions apart and lists every entry of one', async () => {
      const ledger = await open();
      await ledger.record('2026-W50', [{ userId: 'a', contentHash: 'h1' }]);
      await ledger.record('2026-W52', [{ userId: 'a', contentHash: 'h2' }]);
      await ledger.record('2026-W50', [{ userId: 'b', contentHash: 'h3' }]);
      await expect(ledger.done('2026-W52', ['a', 'b'])).resolves.toEqual(new Map([['a', 'h2']]));
      await expect(collect(ledger.entries('2026-W50'))).resolves.toEqual(
        new Map([
          ['a', 'h1'],
          ['b', 'h3'],
        ]),
      );
      await expect(collect(ledger.entries('never-run'))).resolves.toEqual(new Map());
    });

    it("forgets an erased user's entries in every edition and nobody else's", async () => {
      const ledger = await open();
      await ledger.record('2026-W50', [
        { userId: 'erased', contentHash: 'h1' },
        { userId: 'kept', contentHash: 'h2' },
      ]);
      await ledger.record('2026-W52', [{ userId: 'erased', contentHash: 'h3' }]);
      await ledger.forget('erased');
      await ledger.forget('never-seen');
      await expect(ledger.done('2026-W50', ['erased', 'kept'])).resolves.toEqual(new Map([['kept', 'h2']]));
      await expect(collect(ledger.entries('2026-W52'))).resolves.toEqual(new Map());
    });

    if (factory.durable) {
      it('is read back by a ledger opened later over the same storage (a rerun)', async () => {
        const first = await open();
        await first.record('2026-W50', [{ userId: 'a', contentHash: 'h-a' }]);
        await first.forget('nobody');
        await first.close();
        const second = await open();
        await expect(second.done('2026-W50', ['a', 'b'])).resolves.toEqual(new Map([['a', 'h-a']]));
      });
    }
  });
}
