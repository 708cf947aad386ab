import { UserInteractionInputSchema } from '@marquee/domain';
import { importedInteractionId } from './interaction-id';
import { movieLensRating, parseMovieLensLinks } from './movielens';

describe('MovieLens rows', () => {
  const links = parseMovieLensLinks('movieId,imdbId,tmdbId\n1,0114709,862\n7,0114319,\n');

  it('reads links, leaving out movies without a tmdbId', () => {
    expect([...links]).toEqual([['1', 'tmdb-862']]);
    expect(() => parseMovieLensLinks('movieId,title\n1,Toy Story')).toThrow('tmdbId');
  });

  it('turns a row into a rating interaction the interaction schema accepts', () => {
    const row = movieLensRating('5,1,3.5,964982703', links);

    expect(row).toEqual({
      ok: true,
      input: {
        type: 'rating',
        userId: '5',
        filmId: 'tmdb-862',
        rating: 3.5,
        occurredAt: '2000-07-30T18:45:03.000Z',
        context: { source: 'import' },
      },
    });
    expect(row.ok && UserInteractionInputSchema.safeParse(row.input).success).toBe(true);
    expect(movieLensRating('5,7,3.5,964982703', links)).toEqual({ ok: false, reason: 'movieId 7 has no tmdbId in the links file' });
  });

  it('derives one stable UUID per interaction', () => {
    const row = movieLensRating('5,1,3.5,964982703', links);
    const other = movieLensRating('5,1,4,964982703', links);
    if (!row.ok || !other.ok) throw new Error('rows should parse');

    const id = importedInteractionId(row.input);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(importedInteractionId({ ...row.input })).toBe(id);
    expect(importedInteractionId(other.input)).not.toBe(id);
  });
});
