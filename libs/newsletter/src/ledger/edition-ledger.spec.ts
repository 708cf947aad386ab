import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEditionLedgerContract } from '../../../../test/support/edition-ledger.contract';
import { FileEditionLedger } from './file-edition-ledger';
import { MemoryEditionLedger } from './memory-edition-ledger';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'edition-ledger-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describeEditionLedgerContract('MemoryEditionLedger', { open: async () => new MemoryEditionLedger(), durable: false });
describeEditionLedgerContract('FileEditionLedger', {
  open: async (namespace) => new FileEditionLedger(join(root, namespace)),
  durable: true,
});

describe('FileEditionLedger', () => {
  it('ignores a line torn by a crash and appends the next entries after it intact', async () => {
    const directory = join(root, 'torn');
    const ledger = new FileEditionLedger(directory);
    await ledger.record('2026-W50', [{ userId: 'a', contentHash: 'h-a' }]);
    await appendFile(join(directory, '2026-W50.ledger.jsonl'), '{"u":"b","h":"h-');
    const reopened = new FileEditionLedger(directory);
    await expect(reopened.done('2026-W50', ['a', 'b'])).resolves.toEqual(new Map([['a', 'h-a']]));
    await reopened.record('2026-W50', [{ userId: 'b', contentHash: 'h-b' }]);
    await expect(new FileEditionLedger(directory).done('2026-W50', ['a', 'b'])).resolves.toEqual(
      new Map([
        ['a', 'h-a'],
        ['b', 'h-b'],
      ]),
    );
    expect(await readFile(join(directory, '2026-W50.ledger.jsonl'), 'utf8')).toContain('{"u":"b","h":"h-b"}');
  });

  it('refuses an edition id that could name a file elsewhere', async () => {
    await expect(new FileEditionLedger(root).record('../escape', [{ userId: 'a', contentHash: 'h' }])).rejects.toThrow();
  });
});
