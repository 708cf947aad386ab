import { decodeVector, FILM_INDEX_VERSION_HEADER, type Batch, type Embedder, type IncomingMessage, type OutgoingMessage } from '@marquee/domain';
import { addedEvent, removedEvent, testFilm } from '../../../test/support/films';
import { DeadLetterHeaders } from './dead-letter';
import { FilmIndexer } from './film-indexer';

/** Records what the indexer asks to embed; vectors only need to be distinct per text here. */
class RecordingEmbedder implements Embedder {
  readonly modelId = 'recording';
  readonly dimension = 2;
  readonly calls: string[][] = [];
  async embed(texts: string[]): Promise<Float32Array[]> {
    this.calls.push(texts);
    return texts.map((t) => new Float32Array([Math.cos(t.length), Math.sin(t.length)]));
  }
  async close(): Promise<void> {}
}

class RecordingBus {
  readonly published: { topic: string; messages: OutgoingMessage[] }[] = [];
  async publish(topic: string, messages: OutgoingMessage[]) {
    this.published.push({ topic, messages });
  }
  on(topic: string) {
    return this.published.filter((p) => p.topic === topic).flatMap((p) => p.messages);
  }
}

let offset = 0;
const message = (key: string | null, value: string | Buffer | null): IncomingMessage => ({
  topic: 'film-events',
  partition: 0,
  offset: String(offset++),
  key,
  value: value === null ? null : Buffer.from(value),
  headers: { source: 'test' },
  timestamp: '0',
});
const batch = (...messages: IncomingMessage[]): Batch => ({ topic: 'film-events', partition: 0, messages, highWatermark: String(offset) });
const json = (x: unknown) => JSON.stringify(x);

const setup = () => {
  const embedder = new RecordingEmbedder();
  const bus = new RecordingBus();
  const indexer = new FilmIndexer({ embedder, bus, embeddingText: (f) => Object.values(f.synopses).join('\n') });
  return { embedder, bus, indexer };
};

describe('FilmIndexer', () => {
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
    expect(dead[0].headers).toMatchObject({ source: 'test', [DeadLetterHeaders.sourceTopic]: 'film-events', [DeadLetterHeaders.sourcePartition]: '0' });
    expect(dead[0].headers?.[DeadLetterHeaders.reason]).toMatch(/malformed JSON/);
    expect(dead[1].headers?.[DeadLetterHeaders.reason]).toMatch(/key "wrong-key" is not the film id "other"/);
    expect(dead[2].headers?.[DeadLetterHeaders.reason]).toBe('empty message');
    expect(bus.on('film-index').map((m) => m.key)).toEqual(['good']);
    expect(indexer.counters).toMatchObject({ consumed: 4, indexed: 1, deadLettered: 3 });
  });

  it('ignores duplicate and older versions, and does not re-embed unchanged text', async () => {
    const { embedder, bus, indexer } = setup();
    const v1 = testFilm('a', { synopses: { en: 'Same text' } });
    const v2 = testFilm('a', { synopses: { en: 'Same text' }, titles: { en: 'New title' } });
    await indexer.handleBatch(batch(message('a', json(addedEvent(v1, 1)))));
    await indexer.handleBatch(batch(message('a', json(addedEvent(v1, 1))), message('a', json(addedEvent(v2, 2))), message('a', json(addedEvent(v1, 1)))));

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
  });

  it('publishes a removal as a tombstone carrying its version', async () => {
    const { bus, indexer } = setup();
    await indexer.handleBatch(batch(message('a', json(addedEvent(testFilm('a'), 1))), message('a', json(removedEvent('a', 2)))));
    const [tombstone] = bus.on('film-index');
    expect(tombstone).toEqual({ key: 'a', value: null, headers: { [FILM_INDEX_VERSION_HEADER]: '2' } });
  });
});
