import { MemoryCache } from '@marquee/cache';
import { encodeVector, type Batch, type Cache, type IndexedFilm, FILM_INDEX_VERSION_HEADER } from '@marquee/domain';
import { BruteForceVectorIndex } from '@marquee/vector-index';
import { testFilm } from '../../../test/support/films';
import { FilmNotFoundError } from './errors';
import { FilmCatalogue } from './film-catalogue';
import { FilmIndexProjection } from './film-index-projection';
import { RelatedEventsService } from './related-events.service';

const now = new Date('2026-03-20T12:00:00Z');
const unit = (...xs: number[]) => {
  const norm = Math.hypot(...xs);
  return new Float32Array(xs.map((x) => x / norm));
};
const logger = { warn: jest.fn() };

class Replica {
  readonly catalogue = new FilmCatalogue(new BruteForceVectorIndex({ dimension: 3 }));
  readonly projection = new FilmIndexProjection(this.catalogue, 'test-model', logger);
  private offset = 0;

  constructor(readonly cache: Cache = new MemoryCache()) {}

  readonly service = () =>
    new RelatedEventsService(this.catalogue, this.projection, this.cache, { ttlSeconds: 300, maxScreeningsPerCard: 3, logger });

  async put(id: string, vector: Float32Array, version = 1, hoursFromNow = [48], extra = {}) {
    const indexed: IndexedFilm = {
      film: testFilm(id, extra, { now, hoursFromNow }),
      version,
      contentHash: `h-${id}-${version}`,
      model: { id: 'test-model', dimension: 3 },
      vector: encodeVector(vector),
      indexedAt: now.toISOString(),
    };
    await this.deliver(id, JSON.stringify(indexed), {});
  }

  async tombstone(id: string, version: number) {
    await this.deliver(id, null, { [FILM_INDEX_VERSION_HEADER]: String(version) });
  }

  private async deliver(key: string, value: string | null, headers: Record<string, string>) {
    const offset = String(this.offset++);
    const batch: Batch = {
      topic: 'film-index',
      partition: 0,
      highWatermark: String(this.offset),
      messages: [{ topic: 'film-index', partition: 0, offset, key, value: value === null ? null : Buffer.from(value), headers, timestamp: '0' }],
    };
    await this.projection.handleBatch(batch);
  }
}

describe('RelatedEventsService', () => {
  it('ranks by similarity and leaves out the film itself and films without an upcoming screening', async () => {
    const replica = new Replica();
    await replica.put('invasion', unit(1, 0, 0));
    await replica.put('maidan', unit(0.9, 0.1, 0));
    await replica.put('donbass', unit(0.8, 0.3, 0));
    await replica.put('past-only', unit(1, 0.01, 0), 1, [-5]);
    await replica.put('comedy', unit(0, 0, 1));

    const answer = await replica.service().related({ filmId: 'invasion', limit: 3, languages: ['nl'], now });

    expect(answer.results.map((r) => r.id)).toEqual(['maidan', 'donbass', 'comedy']);
    expect(answer.results[0].score).toBeGreaterThan(answer.results[1].score);
    expect(answer.results[0].nextScreenings[0].venue.city).toBe('Roeselare');
    expect(answer.cached).toBe(false);
  });

  it('serves the cached answer until the catalogue changes, then recomputes', async () => {
    const replica = new Replica();
    await replica.put('a', unit(1, 0, 0));
    await replica.put('b', unit(0, 1, 0));
    const service = replica.service();
    const query = { filmId: 'a', limit: 5, languages: [], now };

    expect((await service.related(query)).cached).toBe(false);
    expect(await service.related(query)).toMatchObject({ cached: true, results: [{ id: 'b' }] });

    await replica.put('c', unit(1, 0.05, 0));
    const afterAdd = await service.related(query);
    expect(afterAdd.cached).toBe(false);
    expect(afterAdd.results.map((r) => r.id)).toEqual(['c', 'b']);

    await replica.put('c', unit(1, 0.05, 0), 2, [72], { titles: { en: 'C renamed' } });
    expect((await service.related(query)).results[0].title).toBe('C renamed');

    await replica.tombstone('c', 3);
    expect((await service.related(query)).results.map((r) => r.id)).toEqual(['b']);
  });

  it('ignores stale versions, including an older upsert arriving after a removal', async () => {
    const replica = new Replica();
    await replica.put('a', unit(1, 0, 0), 5);
    await replica.put('a', unit(0, 1, 0), 4, [48], { titles: { en: 'stale' } });
    expect(replica.catalogue.get('a')?.version).toBe(5);
    await replica.tombstone('a', 6);
    await replica.put('a', unit(1, 0, 0), 5);
    expect(replica.catalogue.get('a')).toBeUndefined();
    await replica.put('a', unit(1, 0, 0), 7);
    expect(replica.catalogue.get('a')?.version).toBe(7);
  });

  it('throws FilmNotFoundError for unknown ids', async () => {
    const replica = new Replica();
    await expect(replica.service().related({ filmId: 'nope', limit: 3, languages: [], now })).rejects.toBeInstanceOf(FilmNotFoundError);
  });

  it('answers uncached when the cache fails', async () => {
    const failing: Cache = {
      get: () => Promise.reject(new Error('connection refused')),
      set: () => Promise.reject(new Error('connection refused')),
      delete: () => Promise.resolve(),
      ping: () => Promise.reject(new Error('connection refused')),
      close: () => Promise.resolve(),
    };
    const replica = new Replica(failing);
    await replica.put('a', unit(1, 0, 0));
    await replica.put('b', unit(1, 1, 0));
    const answer = await replica.service().related({ filmId: 'a', limit: 3, languages: [], now });
    expect(answer.results.map((r) => r.id)).toEqual(['b']);
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('connection refused'));
  });

  it('reports readiness once the end offsets are reached, and skips vectors of another model', async () => {
    const replica = new Replica();
    replica.projection.catchUpTo(new Map([[0, '2']]));
    expect(replica.projection.isCaughtUp()).toBe(false);
    await replica.put('a', unit(1, 0, 0));
    expect(replica.projection.lag()).toBe(1);
    const foreign = { film: testFilm('x'), version: 1, contentHash: 'h', model: { id: 'other', dimension: 3 }, vector: encodeVector(unit(1, 0, 0)), indexedAt: now.toISOString() };
    await replica.projection.handleBatch({
      topic: 'film-index', partition: 0, highWatermark: '2',
      messages: [{ topic: 'film-index', partition: 0, offset: '1', key: 'x', value: Buffer.from(JSON.stringify(foreign)), headers: {}, timestamp: '0' }],
    });
    expect(replica.projection.isCaughtUp()).toBe(true);
    expect(replica.catalogue.get('x')).toBeUndefined();
    expect(replica.projection.rejectedCount).toBe(1);
    expect(replica.projection.epoch).toBe('2');
  });
});
