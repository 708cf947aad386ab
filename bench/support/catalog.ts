import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Film, Screening } from '@marquee/domain';

/** ../shared/data next to the repository (see /work/shared/data/README.md). */
export const SHARED_DATA = resolve(__dirname, '..', '..', '..', 'shared', 'data');
export const TMDB_CATALOGUE = join(SHARED_DATA, 'catalog', 'films_tmdb10k.jsonl');

/** One line of catalog/films_tmdb10k.jsonl. `keywords: []` means unknown, not none. */
export interface TmdbFilm {
  tmdbId: number;
  title: string;
  originalLanguage: string;
  genres: string[];
  keywords: string[];
  overview: string;
  releaseDate: string;
  popularity: number;
  voteAverage: number;
  voteCount: number;
}

export const readJsonLines = <T>(file: string): T[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);

export const loadTmdbCatalogue = (file = TMDB_CATALOGUE): TmdbFilm[] =>
  readJsonLines<TmdbFilm>(file).filter((film) => film.overview?.trim());

/** Names as the film schema takes them: trimmed, not empty, at most 80 characters (a few TMDB keywords are blank). */
const names = (values: readonly string[]): string[] => values.map((v) => v.trim()).filter((v) => v.length > 0 && v.length <= 80);

/** The catalogue line as a Marquee film (what a listing site would publish), with the given id and screenings. */
export const toFilm = (source: TmdbFilm, id: string, screenings: Screening[] = []): Film => {
  const year = Number(source.releaseDate?.slice(0, 4));
  return {
    id,
    titles: { en: source.title },
    synopses: { en: source.overview },
    directors: [],
    cast: [],
    countries: [],
    ...(year >= 1870 && year <= 2100 ? { year } : {}),
    spokenLanguages: /^[a-z]{2,3}$/.test(source.originalLanguage) ? [source.originalLanguage] : [],
    subtitleLanguages: [],
    genres: names(source.genres).slice(0, 30),
    tags: names(source.keywords).slice(0, 100),
    popularity: source.popularity >= 0 ? source.popularity : undefined,
    screenings,
  };
};
