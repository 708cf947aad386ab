import type { TmdbFilm } from './catalog';

/** Overlap of a method's neighbour lists with the catalogue's own genres and keywords. */
export interface OverlapScores {
  /** Mean over films with a genre of the share of their k neighbours sharing at least one genre. */
  genreP10: number;
  /** The same over films with keywords, for keywords (neighbours without keywords count as misses). */
  keywordP10: number;
  /** Mean genre Jaccard between a film and each of its k neighbours, over films with a genre. */
  genreJaccard: number;
  /** Films whose list came back shorter than k (missing places count as misses). */
  shortLists: number;
}

const sharesAny = (a: ReadonlySet<string>, b: readonly string[]): boolean => b.some((value) => a.has(value));

const jaccard = (a: ReadonlySet<string>, b: readonly string[]): number => {
  const union = new Set([...a, ...b]);
  if (union.size === 0) return 0;
  return b.filter((value) => a.has(value)).length / union.size;
};

/** `lists[i]` holds the positions in `films` of film i's neighbours, best first. */
export const overlapScores = (films: readonly TmdbFilm[], lists: readonly (readonly number[])[], k: number): OverlapScores => {
  let genreHits = 0;
  let genreFilms = 0;
  let keywordHits = 0;
  let keywordFilms = 0;
  let jaccardSum = 0;
  let shortLists = 0;
  films.forEach((film, i) => {
    const neighbours = lists[i].slice(0, k).map((j) => films[j]);
    if (neighbours.length < k) shortLists++;
    if (film.genres.length > 0) {
      const genres = new Set(film.genres);
      genreFilms++;
      genreHits += neighbours.filter((other) => sharesAny(genres, other.genres)).length / k;
      jaccardSum += neighbours.reduce((sum, other) => sum + jaccard(genres, other.genres), 0) / k;
    }
    if (film.keywords.length > 0) {
      const keywords = new Set(film.keywords);
      keywordFilms++;
      keywordHits += neighbours.filter((other) => sharesAny(keywords, other.keywords)).length / k;
    }
  });
  return { genreP10: genreHits / genreFilms, keywordP10: keywordHits / keywordFilms, genreJaccard: jaccardSum / genreFilms, shortLists };
};
