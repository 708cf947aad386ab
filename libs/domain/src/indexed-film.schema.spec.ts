import { FilmSchema } from './film.schema';
import { decodeVector, encodeVector, IndexedFilmSchema, readIndexedFilm, type IndexedFilm } from './indexed-film.schema';

const indexed: IndexedFilm = {
  film: FilmSchema.parse({ id: 'backstage-2023', titles: { en: 'Backstage' } }),
  version: 3,
  contentHash: 'abc',
  model: { id: 'test-model', dimension: 2 },
  vector: encodeVector(Float32Array.of(0.6, 0.8)),
  indexedAt: '2026-11-23T12:00:00.000Z',
};

const reasonFor = (value: unknown): string => {
  const result = readIndexedFilm(JSON.stringify(value));
  if (result.ok) throw new Error('expected a rejection');
  return result.reason;
};

describe('readIndexedFilm', () => {
  it('reads what the indexer publishes, vector and all', () => {
    expect(IndexedFilmSchema.parse(indexed)).toEqual(indexed);
    const result = readIndexedFilm(Buffer.from(JSON.stringify(indexed)));
    expect(result).toEqual({ ok: true, value: indexed });
    if (result.ok) expect(Array.from(decodeVector(result.value.vector))).toEqual([Math.fround(0.6), Math.fround(0.8)]);
  });

  it('refuses values that are not an indexed film, naming what is wrong', () => {
    expect(reasonFor([indexed])).toMatch(/^\(root\)/);
    expect(reasonFor({ ...indexed, version: '3' })).toMatch(/^version/);
    expect(reasonFor({ ...indexed, contentHash: '' })).toMatch(/^contentHash/);
    expect(reasonFor({ ...indexed, model: 'test-model' })).toMatch(/^model/);
    expect(reasonFor({ ...indexed, vector: [0.6, 0.8] })).toMatch(/^vector/);
    expect(reasonFor({ ...indexed, film: { ...indexed.film, screenings: undefined } })).toMatch(/^film\.screenings/);
    expect(readIndexedFilm('{"film":')).toMatchObject({ ok: false, reason: expect.stringMatching(/malformed JSON/) });
  });
});
