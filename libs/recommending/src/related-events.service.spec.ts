import { MemoryCache } from '@marquee/cache';
import { FilmCatalogue, FilmIndexProjection } from '@marquee/catalogue';
import { recommendingSettings, validateMarqueeConfig } from '@marquee/config';
import {
  encodeVector,
  FilmNotFoundError,
  type Batch,
  type Cache,
  type Film,
  type IndexedFilm,
  FILM_INDEX_VERSION_HEADER,
} from '@marquee/domain';
import { BruteForceVectorIndex } from '@marquee/vector-index';
import { testFilm } from '../../../test/support/films';
import { mockLogger } from '../../../test/support/loggers';
import { filmWith, screeningAt } from '../../../test/support/screenings';
import { RelatedEventsService, type RelatedEventsOptions } from './related-events.service';
import { unreachableCache } from '../../../test/support/unreachable-cache';

const now = new Date('2026-03-20T12:00:00Z');
const defaults = recommendingSettings(validateMarqueeConfig({}));
const unit = (...xs: number[]) => {
  const norm = Math.hypot(...xs);
  return new Float32Array(xs.map((x) => x / norm));
};
const logger = mockLogger();

class Replica {
  readonly catalogue = new FilmCatalogue(new BruteForceVectorIndex({ dimension: 3 }));
  readonly projection = new FilmIndexProjection(this.catalogue, 'test-model', logger);
  private offset = 0;

  constructor(readonly cache: Cache = new MemoryCache()) {}

  readonly service = (options: Partial<RelatedEventsOptions> = {}) =>
    new RelatedEventsService(this.catalogue, this.projection, this.cache, { ...defaults, logger, ...options });

  async put(id: string, vector: Float32Array, version = 1, hoursFromNow = [48], extra = {}) {
    await this.putFilm(testFilm(id, extra, { now, hoursFromNow }), vector, version);
  }

  async putFilm(film: Film, vector: Float32Array, version = 1) {
    const id = film.id;
    const indexed: IndexedFilm = {
      film,
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
      messages: [
        { topic: 'film-index', partition: 0, offset, key, value: value === null ? null : Buffer.from(value), headers, timestamp: '0' },
      ],
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

  it("searches with the seed's vector weighed by the query weights, leaving the indexed vectors as they are", async () => {
    // Dimensions 0-1: what makes a film itself; dimension 2: what it is about.
    const replicaWith = async () => {
      const replica = new Replica();
      await replica.put('invasion', unit(0.8, 0, 0.6));
      await replica.put('same-words', unit(1, 0, 0.1));
      await replica.put('same-topic', unit(0.1, 0.5, 1));
      return replica;
    };
    const plain = await (await replicaWith()).service().related({ filmId: 'invasion', limit: 1, languages: ['en'], now });
    const replica = await replicaWith();
    const topical = await replica
      .service({ queryWeights: new Float32Array([1, 1, 3]) })
      .related({ filmId: 'invasion', limit: 1, languages: ['en'], now });

    expect(plain.results.map((r) => r.id)).toEqual(['same-words']);
    expect(topical.results.map((r) => r.id)).toEqual(['same-topic']);
    expect(Array.from(replica.catalogue.index.vectorOf('invasion') ?? [])).toEqual(Array.from(unit(0.8, 0, 0.6)));
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
    const failing = unreachableCache();
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
    const foreign = {
      film: testFilm('x'),
      version: 1,
      contentHash: 'h',
      model: { id: 'other', dimension: 3 },
      vector: encodeVector(unit(1, 0, 0)),
      indexedAt: now.toISOString(),
    };
    await replica.projection.handleBatch({
      topic: 'film-index',
      partition: 0,
      highWatermark: '2',
      messages: [
        {
          topic: 'film-index',
          partition: 0,
          offset: '1',
          key: 'x',
          value: Buffer.from(JSON.stringify(foreign)),
          headers: {},
          timestamp: '0',
        },
      ],
    });
    expect(replica.projection.isCaughtUp()).toBe(true);
    expect(replica.catalogue.get('x')).toBeUndefined();
    expect(replica.projection.rejectedCount).toBe(1);
    expect(replica.projection.epoch).toBe('2');
  });
});

describe('RelatedEventsService queries', () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  const ids = (answer: { results: Array<{ id: string }> }) => answer.results.map((r) => r.id);

  /** Invasion in Gent; four candidates, each screening in Gent and in Antwerpen on different days. */
  const replicaWithFilms = async () => {
    const replica = new Replica();
    const twice = (id: string, gentDay: number, antwerpenDay: number) => [
      screeningAt(`${id}-gent`, `2026-03-${gentDay}T20:00:00+01:00`, 'gent', { price: { amount: 12, currency: 'EUR' } }),
      screeningAt(`${id}-antwerpen`, `2026-03-${antwerpenDay}T20:00:00+01:00`, 'antwerpen', { price: { amount: 7, currency: 'EUR' } }),
    ];
    await replica.putFilm(
      filmWith('invasion', twice('invasion', 22, 23), { directors: ['Sergei Loznitsa'], tags: ['war', 'exile'] }),
      unit(1, 0, 0),
    );
    await replica.putFilm(
      filmWith('maidan', twice('maidan', 24, 25), { directors: ['Sergei Loznitsa'], tags: ['protest'] }),
      unit(0.9, 0.2, 0),
    );
    await replica.putFilm(filmWith('donbass', twice('donbass', 26, 21), { tags: ['war'], ageLimit: 16 }), unit(0.85, 0.3, 0));
    await replica.putFilm(filmWith('comedy', twice('comedy', 27, 28), { genres: ['Comedy'], ageLimit: 6 }), unit(0.1, 0, 1));
    await replica.putFilm(filmWith('dance', twice('dance', 29, 30), { genres: ['Dance'], ageLimit: 0 }), unit(0.2, 1, 0));
    return replica;
  };

  it('filters before ranking and shows only the matching screenings on each card', async () => {
    const service = (await replicaWithFilms()).service();
    const inAntwerpen = await service.related({
      filmId: 'invasion',
      limit: 3,
      languages: [],
      now,
      filters: { cities: ['Antwerpen'], maxPrice: 8 },
    });
    expect(inAntwerpen.results).toHaveLength(3);
    for (const card of inAntwerpen.results) {
      expect(card.nextScreenings.map((s) => s.venue.city)).toEqual(['Antwerpen']);
      expect(card.upcomingScreeningCount).toBe(1);
    }
    const cheapInGent = await service.related({
      filmId: 'invasion',
      limit: 3,
      languages: [],
      now,
      filters: { cities: ['Gent'], maxPrice: 8 },
    });
    expect(cheapInGent.results).toEqual([]);
    const forChildren = await service.related({
      filmId: 'invasion',
      limit: 5,
      languages: [],
      now,
      filters: { maxAge: 12, excludeGenres: ['dance'] },
    });
    expect(ids(forChildren)).toEqual(['comedy']);
  });

  it("explains each result in the reader's language and carries a new recommendation id on every response", async () => {
    const service = (await replicaWithFilms()).service();
    const query = { filmId: 'invasion', limit: 2, languages: ['nl'], now, diversity: 0 };
    const first = await service.related(query);
    // Donbass shares Invasion's war theme (and tag), which outweighs Maidan's shared director and higher similarity.
    expect(first.results).toMatchObject([
      { id: 'donbass', explanations: ['Ook over oorlog', 'Speelt za 21 mrt in Antwerpen'] },
      { id: 'maidan', explanations: ['Zelfde regisseur: Sergei Loznitsa', 'Speelt di 24 mrt in Gent'] },
    ]);
    expect(first.results[1].similarity).toBeGreaterThan(first.results[0].similarity);
    const second = await service.related(query);
    expect(second.cached).toBe(true);
    expect(first.recommendationId).toMatch(UUID);
    expect(second.recommendationId).toMatch(UUID);
    expect(second.recommendationId).not.toBe(first.recommendationId);
  });

  it('reports the distance from the visitor to the first listed screening', async () => {
    const service = (await replicaWithFilms()).service();
    const antwerpen = { lat: 51.22, lon: 4.4 };
    const answer = await service.related({ filmId: 'invasion', limit: 4, languages: ['en'], now, origin: antwerpen });
    expect(answer.results).toHaveLength(4);
    for (const card of answer.results) {
      const { venue } = card.nextScreenings[0];
      const expected = venue.city === 'Antwerpen' ? [0, 1] : [45, 60];
      expect(card.distanceKm).toBeGreaterThanOrEqual(expected[0]);
      expect(card.distanceKm).toBeLessThanOrEqual(expected[1]);
      expect(card.explanations.slice(-2)).toEqual([expect.stringContaining(`in ${venue.city}`), `${card.distanceKm} km from you`]);
    }
  });

  it('keys the cache by every option, so different filters never share an answer', async () => {
    const service = (await replicaWithFilms()).service();
    const base = { filmId: 'invasion', limit: 5, languages: [], now };
    await service.related({ ...base, filters: { genres: ['Comedy'] } });
    const other = await service.related({ ...base, filters: { genres: ['Dance'] } });
    expect(other.cached).toBe(false);
    expect(ids(other)).toEqual(['dance']);
    expect((await service.related({ ...base, filters: { genres: ['comedy'] } })).cached).toBe(true);
    expect((await service.related({ ...base, filters: { genres: ['Comedy'] }, diversity: 0.9 })).cached).toBe(false);
  });

  it('computes once for concurrent identical requests', async () => {
    const replica = await replicaWithFilms();
    const service = replica.service();
    const searches = jest.spyOn(replica.catalogue.index, 'search');
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => service.related({ filmId: 'invasion', limit: 3, languages: [], now })),
    );
    expect(searches).toHaveBeenCalledTimes(1);
    expect(new Set(answers.map((a) => JSON.stringify(a.results))).size).toBe(1);
    expect(new Set(answers.map((a) => a.recommendationId)).size).toBe(8);
    expect(service.cacheStats).toMatchObject({ misses: 1, coalesced: 7 });
  });

  it('trades relevance for variety as diversity grows', async () => {
    const service = (await replicaWithFilms()).service({
      weights: { ...defaults.weights, directors: 0, tags: 0, themes: 0, time: 0, place: 0, popularity: 0 },
    });
    const base = { filmId: 'invasion', limit: 2, languages: [], now };
    expect(ids(await service.related({ ...base, diversity: 0 }))).toEqual(['maidan', 'donbass']);
    expect(ids(await service.related({ ...base, diversity: 0.8 }))[1]).not.toBe('donbass');
  });
});
