import {
  decodeVector,
  FILM_INDEX_VERSION_HEADER,
  type Batch,
  type Embedder,
  type IncomingMessage,
  type OutgoingMessage,
} from '@marquee/domain';
import { DeadLetterHeaders, TRUNCATED_DEAD_LETTER_BYTES } from '@marquee/messaging';
import { addedEvent, removedEvent, testFilm } from '../../../test/support/films';
import { silentLogger } from '../../../test/support/loggers';
import { FilmIndexLedger } from './film-index-ledger';
import { FilmIndexer, type FilmIndexerOptions } from './film-indexer';

/** Records what the indexer asks to embed; vectors only need to be distinct per text here. */
class RecordingEmbedder implements Embedder {
  readonly modelId = 'recording';
  readonly dimension = 2;
  readonly calls: string[][] = [];
  /** Makes a call fail: the embedder is down, or a text in the call is one it cannot embed. */
  failure?: (texts: string[]) => Error | undefined;
  async embed(texts: string[]): Promise<Float32Array[]> {
    this.calls.push(texts);
    const error = this.failure?.(texts);
    if (error) throw error;
    return texts.map((t) => new Float32Array([Math.cos(t.length), Math.sin(t.length)]));
  }
  async close(): Promise<void> {}
}

/** Kafka's protocol error for a message over the broker's size limit, as kafkajs wraps it. */
const tooLarge = () =>
  Object.assign(new Error('Failed to send messages'), {
    cause: Object.assign(new Error('The request included a message larger than the max message size the server will accept'), {
      type: 'MESSAGE_TOO_LARGE',
    }),
  });

class RecordingBus {
  readonly published: { topic: string; messages: OutgoingMessage[] }[] = [];
  /** Makes a publish fail: the broker is away, or it refuses one of the messages. */
  failure?: (topic: string, messages: OutgoingMessage[]) => Error | undefined;
  async publish(topic: string, messages: OutgoingMessage[]) {
    const error = this.failure?.(topic, messages);
    if (error) throw error;
    this.published.push({ topic, messages });
  }
  on(topic: string) {
    return this.published.filter((p) => p.topic === topic).flatMap((p) => p.messages);
  }
}

let offset = 0;
const message = (key: string | null, value: string | Buffer | null, partition = 0): IncomingMessage => ({
  topic: 'film-events',
  partition,
  offset: String(offset++),
  key,
  value: value === null ? null : Buffer.from(value),
  headers: { source: 'test' },
  timestamp: '0',
});
const batch = (...messages: IncomingMessage[]): Batch => ({
  topic: 'film-events',
  partition: messages[0]?.partition ?? 0,
  messages,
  highWatermark: String(offset),
});
const json = (x: unknown) => JSON.stringify(x);
const added = (id: string, version = 1, synopsis = `A film called ${id}.`) =>
  message(id, json(addedEvent(testFilm(id, { synopses: { en: synopsis } }), version)));

const setup = (options: Partial<FilmIndexerOptions> = {}) => {
  const embedder = new RecordingEmbedder();
  const bus = new RecordingBus();
  const warnings: string[] = [];
  const indexer = new FilmIndexer({
    embedder,
    bus,
    embeddingText: (f) => Object.values(f.synopses).join('\n'),
    retry: { attempts: 3, initialDelayMs: 1, maxDelayMs: 4 },
    logger: { ...silentLogger, warn: (m) => warnings.push(m) },
    ...options,
  });
  return { embedder, bus, indexer, warnings };
};
const reasons = (bus: RecordingBus) => bus.on('film-events.dlq').map((m) => [m.key, m.headers?.[DeadLetterHeaders.reason]]);

describe('FilmIndexer', () => {
  it('embeds a large batch in chunks, all asked for at once, and publishes each chunk in order', async () => {
    const { embedder, bus, indexer } = setup({ chunkSize: 2 });
    const publishedWhenCalled: number[] = [];
    const embed = embedder.embed.bind(embedder);
    embedder.embed = async (texts) => {
      publishedWhenCalled.push(bus.on('film-index').length);
      return embed(texts);
    };
    await indexer.handleBatch(batch(added('a'), added('b'), message('c', json(removedEvent('c', 2))), added('d'), added('e')));

    expect(embedder.calls).toEqual([['A film called a.', 'A film called b.'], ['A film called d.'], ['A film called e.']]);
    expect(publishedWhenCalled).toEqual([0, 0, 0]);
    expect(bus.published.map((p) => p.messages.map((m) => m.key))).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(indexer.counters).toMatchObject({ consumed: 5, indexed: 4, removed: 1 });
  });

  it('embeds upserts in one call and publishes them keyed by film id', async () => {
    const { embedder, bus, indexer } = setup();
    const a = testFilm('a', { synopses: { nl: 'Een dansgezelschap' } });
    const b = testFilm('b', { synopses: { en: 'A war documentary' } });
    await indexer.handleBatch(batch(message('a', json(addedEvent(a))), message('b', json(addedEvent(b)))));

    expect(embedder.calls).toEqual([['Een dansgezelschap', 'A war documentary']]);
    const indexed = bus.on('film-index');
    expect(indexed.map((m) => m.key)).toEqual(['a', 'b']);
    const value = JSON.parse(indexed[0].value as string);
    expect(value).toMatchObject({ version: 1, model: { id: 'recording', dimension: 2 }, film: { id: 'a' } });
    expect(decodeVector(value.vector)).toHaveLength(2);
  });

  it('dead-letters bad events with the original bytes and the reason, and carries on', async () => {
    const { bus, indexer } = setup();
    const good = testFilm('good');
    await indexer.handleBatch(
      batch(
        message('x', '{not json'),
        message('wrong-key', json(addedEvent(testFilm('other')))),
        message('good', json(addedEvent(good))),
        message(null, null),
      ),
    );
    const dead = bus.on('film-events.dlq');
    expect(dead).toHaveLength(3);
    expect(dead[0].value?.toString()).toBe('{not json');
    expect(dead[0].headers).toMatchObject({
      source: 'test',
      [DeadLetterHeaders.sourceTopic]: 'film-events',
      [DeadLetterHeaders.sourcePartition]: '0',
    });
    expect(dead[0].headers?.[DeadLetterHeaders.reason]).toMatch(/malformed JSON/);
    expect(dead[1].headers?.[DeadLetterHeaders.reason]).toMatch(/key "wrong-key" is not the film id "other"/);
    expect(dead[2].headers?.[DeadLetterHeaders.reason]).toBe('empty message');
    expect(bus.on('film-index').map((m) => m.key)).toEqual(['good']);
    expect(indexer.counters).toMatchObject({ consumed: 4, indexed: 1, deadLettered: 3 });
  });

  it('logs every dead letter with its source, key and reason; a missing key is said to be missing', async () => {
    const { indexer, warnings } = setup();
    const film = testFilm('logged');
    await indexer.handleBatch(batch(message(null, json(addedEvent(film))), message('logged', '{not json')));
    expect(warnings).toEqual([
      expect.stringMatching(
        /^dead-lettering film-events\[0\]@\d+ \(no key\) to film-events\.dlq: message has no key; it must be the film id "logged"$/,
      ),
      expect.stringMatching(/^dead-lettering film-events\[0\]@\d+ \(key "logged"\) to film-events\.dlq: malformed JSON/),
    ]);
    expect(warnings.join('\n')).not.toContain('"null"');
  });

  it('ignores duplicate and older versions, and does not re-embed unchanged text', async () => {
    const { embedder, bus, indexer } = setup();
    const v1 = testFilm('a', { synopses: { en: 'Same text' } });
    const v2 = testFilm('a', { synopses: { en: 'Same text' }, titles: { en: 'New title' } });
    await indexer.handleBatch(batch(message('a', json(addedEvent(v1, 1)))));
    await indexer.handleBatch(
      batch(message('a', json(addedEvent(v1, 1))), message('a', json(addedEvent(v2, 2))), message('a', json(addedEvent(v1, 1)))),
    );

    expect(embedder.calls).toHaveLength(1);
    const published = bus.on('film-index').map((m) => JSON.parse(m.value as string));
    expect(published.map((p) => p.version)).toEqual([1, 2]);
    expect(published[1].vector).toBe(published[0].vector);
    expect(published[1].film.titles.en).toBe('New title');
    expect(indexer.counters.skipped).toBe(2);
  });

  it('keeps only the newest version of a film within one batch', async () => {
    const { bus, indexer } = setup();
    const film = testFilm('a');
    await indexer.handleBatch(batch(message('a', json(addedEvent(film, 2))), message('a', json(addedEvent(film, 3)))));
    expect(bus.on('film-index').map((m) => JSON.parse(m.value as string).version)).toEqual([3]);
    expect(indexer.counters).toMatchObject({ superseded: 1, skipped: 0, indexed: 1 });
  });

  it('publishes a removal as a tombstone carrying its version', async () => {
    const { bus, indexer } = setup();
    await indexer.handleBatch(batch(message('a', json(addedEvent(testFilm('a'), 1))), message('a', json(removedEvent('a', 2)))));
    const [tombstone] = bus.on('film-index');
    expect(tombstone).toEqual({ key: 'a', value: null, headers: { [FILM_INDEX_VERSION_HEADER]: '2' } });
  });

  it('dead-letters every kind of invalid event with a reason naming the problem', async () => {
    const { bus, indexer } = setup();
    const film = testFilm('v');
    const valid = { ...addedEvent(film), film };
    const cases: [string, string | Buffer | null, RegExp][] = [
      ['malformed', '{"type":', /malformed JSON/],
      ['wrong-type', json({ ...valid, version: '2' }), /^version:/],
      ['missing', json({ ...valid, eventId: undefined }), /^eventId:/],
      ['unknown-type', json({ ...valid, type: 'film.renamed' }), /^type:/],
      ['bad-date', json({ ...valid, occurredAt: '2026-02-30T10:00:00Z' }), /^occurredAt:/],
      ['bad-zone', json({ ...valid, film: { ...film, screenings: [{ ...film.screenings[0], timeZone: 'Mars/Olympus' }] } }), /timeZone/],
      ['oversized', Buffer.alloc(1_500_000, 32), /limit/],
      [
        'script-url',
        json({ ...valid, film: { ...film, url: 'javascript:alert(1)' } }),
        /^film\.url: must be an http:\/\/ or https:\/\/ URL$/,
      ],
      [
        'script-booking',
        json({ ...valid, film: { ...film, screenings: [{ ...film.screenings[0], bookingUrl: 'data:text/html,x' }] } }),
        /^film\.screenings\.0\.bookingUrl: must be an http/,
      ],
      ['proto', json(valid).replace('{', '{"__proto__":{"admin":true},'), /forbidden key "__proto__"/],
      ['constructor', json(valid).replace('"film":{', '"film":{"constructor":{"name":"x"},'), /forbidden key "constructor"/],
      ['empty', null, /empty message/],
    ];
    await indexer.handleBatch(batch(...cases.map(([, value]) => message('v', value))));
    expect(reasons(bus).map(([, reason]) => reason)).toEqual(cases.map(([, , reason]) => expect.stringMatching(reason)));
    expect(bus.on('film-index')).toEqual([]);
  });
});

describe('FilmIndexer on failures', () => {
  it('tries a failing embedding again and indexes once it works', async () => {
    const { embedder, bus, indexer } = setup();
    let failures = 2;
    embedder.failure = () => (failures-- > 0 ? new Error('worker restarting') : undefined);
    await indexer.handleBatch(batch(added('a'), added('b')));
    expect(bus.on('film-index').map((m) => m.key)).toEqual(['a', 'b']);
    expect(indexer.counters).toMatchObject({ retried: 2, deadLettered: 0 });
  });

  it('dead-letters only the text the model cannot embed, and indexes the rest of the batch', async () => {
    const { embedder, bus, indexer } = setup();
    embedder.failure = (texts) => (texts.some((t) => t.includes('poison')) ? new Error('worker crashed') : undefined);
    const ids = ['a', 'b', 'c', 'd', 'e'];
    await indexer.handleBatch(batch(...ids.map((id) => added(id, 1, id === 'c' ? 'A poison synopsis.' : `Film ${id}.`))));
    expect(bus.on('film-index').map((m) => m.key)).toEqual(['a', 'b', 'd', 'e']);
    expect(reasons(bus)).toEqual([['c', expect.stringMatching(/^embedding failed after 3 tries: worker crashed/)]]);
  });

  it('blames an embedder that fails on everything, not the messages: the batch fails and nothing is dead-lettered', async () => {
    const { embedder, bus, indexer } = setup();
    embedder.failure = () => new Error('model not loaded');
    const events = [added('a'), added('b')];
    await expect(indexer.handleBatch(batch(...events))).rejects.toThrow('model not loaded');
    expect(bus.published).toEqual([]);

    embedder.failure = undefined;
    await indexer.handleBatch(batch(...events));
    expect(bus.on('film-index').map((m) => m.key)).toEqual(['a', 'b']);
    expect(indexer.counters).toMatchObject({ deadLettered: 0, indexed: 2, consumed: 2 });
  });

  it('keeps a bus outage from dead-lettering anything: the batch fails, and its redelivery indexes it', async () => {
    const { bus, indexer } = setup();
    bus.failure = () => new Error('Connection error: ECONNREFUSED');
    const events = [added('a', 1, 'First.'), message('x', '{not json'), added('b', 1, 'Second.')];
    await expect(indexer.handleBatch(batch(...events))).rejects.toThrow('ECONNREFUSED');
    expect(indexer.counters).toMatchObject({ retried: 2, consumed: 0, deadLettered: 0 });

    bus.failure = undefined;
    await indexer.handleBatch(batch(...events));
    expect(bus.on('film-index').map((m) => m.key)).toEqual(['a', 'b']);
    expect(reasons(bus)).toEqual([['x', expect.stringMatching(/malformed JSON/)]]);
    expect(indexer.counters).toMatchObject({ consumed: 3, indexed: 2, deadLettered: 1 });
  });

  it('dead-letters an indexed film the broker refuses, and publishes the others', async () => {
    const { bus, indexer } = setup();
    bus.failure = (topic, messages) => (topic === 'film-index' && messages.some((m) => m.key === 'big') ? tooLarge() : undefined);
    await indexer.handleBatch(batch(added('a'), added('big'), added('c'), message('c', json(removedEvent('c', 2)))));
    expect(bus.on('film-index').map((m) => [m.key, m.value === null ? 'tombstone' : 'film'])).toEqual([
      ['a', 'film'],
      ['c', 'tombstone'],
    ]);
    expect(reasons(bus)).toEqual([['big', expect.stringMatching(/^film-index refused the indexed film: Failed to send messages/)]]);
    expect(indexer.counters).toMatchObject({ indexed: 1, removed: 1, deadLettered: 1, retried: 0 });
  });

  it('sends a dead letter the dead-letter topic refuses again, truncated, with its provenance', async () => {
    const { bus, indexer, warnings } = setup();
    const huge = Buffer.alloc(2_000_000, 120);
    bus.failure = (topic, messages) =>
      topic === 'film-events.dlq' && messages.some((m) => (m.value?.length ?? 0) > 1_000_000) ? tooLarge() : undefined;
    await indexer.handleBatch(batch(message('x', '{bad'), message('huge', huge)));
    const [small, truncated] = bus.on('film-events.dlq');
    expect(small.value?.toString()).toBe('{bad');
    expect(truncated.value).toHaveLength(TRUNCATED_DEAD_LETTER_BYTES);
    expect(truncated.headers).toMatchObject({
      [DeadLetterHeaders.truncatedFromBytes]: String(huge.length),
      [DeadLetterHeaders.reason]: expect.stringMatching(/limit/),
      [DeadLetterHeaders.sourceTopic]: 'film-events',
    });
    expect(warnings.join('\n')).toMatch(/sending it truncated/);
  });

  it('stops retrying when asked, so a shutdown does not wait out the backoff', async () => {
    const stopOnFirstRetry = { ...silentLogger, warn: () => indexer.stopRetrying() };
    const { bus, indexer } = setup({ retry: { attempts: 10, initialDelayMs: 600_000, maxDelayMs: 600_000 }, logger: stopOnFirstRetry });
    bus.failure = () => new Error('broker away');
    await expect(indexer.handleBatch(batch(added('a')))).rejects.toThrow('broker away');
    expect(indexer.counters.retried).toBe(1);
  });
});

describe('FilmIndexer with a ledger of film-index', () => {
  const indexedMessage = (key: string, value: OutgoingMessage['value'], headers: Record<string, string>, at: number): IncomingMessage => ({
    topic: 'film-index',
    partition: 0,
    offset: String(at),
    key,
    value: value === null ? null : Buffer.from(value),
    headers,
    timestamp: '0',
  });

  it('after a restart, neither re-embeds unchanged films nor publishes versions older than the indexed ones', async () => {
    const before = setup();
    await before.indexer.handleBatch(batch(added('a', 1, 'Same.'), added('b', 3, 'Bee.')));
    const log = before.bus.on('film-index').map((m, i) => indexedMessage(m.key, m.value, m.headers ?? {}, i));

    const ledger = new FilmIndexLedger();
    const catchUps: string[] = [];
    const after = setup({
      ledger,
      catchUp: async () => {
        catchUps.push('caught up');
        await ledger.handleBatch({ topic: 'film-index', partition: 0, messages: log, highWatermark: String(log.length) });
      },
    });
    const replay = [added('a', 1, 'Same.'), added('b', 2, 'Older.'), added('a', 2, 'Same.')];
    await after.indexer.handleBatch(batch(...replay));

    expect(after.embedder.calls).toEqual([]);
    const published = after.bus.on('film-index').map((m) => JSON.parse(m.value as string));
    expect(published.map((p) => [p.film.id, p.version])).toEqual([['a', 2]]);
    expect(published[0].vector).toBe(JSON.parse(before.bus.on('film-index')[0].value as string).vector);
    expect(after.indexer.counters).toMatchObject({ skipped: 2, indexed: 1 });
    expect(catchUps).toHaveLength(1);
  });

  it('catches up before a batch that does not continue the last one of its partition, and only then', async () => {
    const catchUps: number[] = [];
    const { indexer } = setup({ catchUp: async () => void catchUps.push(offset) });
    const first = [added('a'), added('b')];
    await indexer.handleBatch(batch(...first));
    await indexer.handleBatch(batch(added('c')));
    expect(catchUps).toHaveLength(1);
    offset += 10;
    await indexer.handleBatch(batch(added('d')));
    await indexer.handleBatch(batch(added('e')));
    await indexer.handleBatch(batch(message('f', json(addedEvent(testFilm('f'))), 1)));
    expect(catchUps).toHaveLength(3);
  });
});
