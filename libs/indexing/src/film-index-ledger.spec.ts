import { FILM_INDEX_VERSION_HEADER, type IncomingMessage } from '@marquee/domain';
import { FilmIndexLedger } from './film-index-ledger';

const indexed = (partition: number, offset: number, key: string, version: number, value?: object | string | null): IncomingMessage => ({
  topic: 'film-index',
  partition,
  offset: String(offset),
  key,
  value:
    value === null
      ? null
      : Buffer.from(
          typeof value === 'string'
            ? value
            : JSON.stringify(value ?? { version, contentHash: `hash-${version}`, vector: `vector-${version}` }),
        ),
  headers: { [FILM_INDEX_VERSION_HEADER]: String(version) },
  timestamp: '0',
});
const batch = (partition: number, ...messages: IncomingMessage[]) => ({ topic: 'film-index', partition, messages, highWatermark: '0' });

describe('FilmIndexLedger', () => {
  it('keeps the newest version of each film, from the log and from acknowledged publishes', async () => {
    const ledger = new FilmIndexLedger();
    await ledger.handleBatch(batch(0, indexed(0, 0, 'a', 2), indexed(0, 1, 'a', 1), indexed(0, 2, 'b', 1), indexed(0, 3, 'b', 4, null)));
    ledger.record('a', { version: 1, contentHash: 'stale' });
    ledger.record('c', { version: 1, contentHash: 'mine', vector: 'v' });

    expect(ledger.get('a')).toEqual({ version: 2, contentHash: 'hash-2', vector: 'vector-2' });
    expect(ledger.get('b')).toEqual({ version: 4, contentHash: '' });
    expect(ledger.get('c')).toEqual({ version: 1, contentHash: 'mine', vector: 'v' });
  });

  it('counts messages that are not indexed films and ignores them', async () => {
    const ledger = new FilmIndexLedger();
    await ledger.handleBatch(batch(0, indexed(0, 0, 'a', 1, '{oops'), indexed(0, 1, 'b', 1, { version: 'one' })));
    expect(ledger.unreadableCount).toBe(2);
    expect(ledger.size).toBe(0);
  });

  it('tells when film-index has been read up to given end offsets', async () => {
    const ledger = new FilmIndexLedger();
    await ledger.waitUntilRead(
      new Map([
        [0, '0'],
        [1, '0'],
      ]),
    );
    let read = false;
    const waiting = ledger
      .waitUntilRead(
        new Map([
          [0, '2'],
          [1, '1'],
        ]),
      )
      .then(() => (read = true));
    await ledger.handleBatch(batch(0, indexed(0, 0, 'a', 1), indexed(0, 1, 'b', 1)));
    expect(read).toBe(false);
    await ledger.handleBatch(batch(1, indexed(1, 0, 'c', 1)));
    await waiting;
    expect(read).toBe(true);
  });

  it('stops waiting when the signal aborts', async () => {
    const ledger = new FilmIndexLedger();
    const stop = new AbortController();
    const waiting = ledger.waitUntilRead(new Map([[0, '5']]), stop.signal);
    stop.abort(new Error('shutting down'));
    await expect(waiting).rejects.toThrow('film-index not read up to its end offsets: shutting down');
  });
});
