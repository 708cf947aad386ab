import type { FilmInput } from '@marquee/domain';
import catalogueFilms from '../data/films.json';
import seedFilms from '../data/seed-films.json';

/** The five films and events of the seed pages, modelled by hand (data/seed-films.json). */
export const SEED_FILMS: readonly FilmInput[] = seedFilms as unknown as FilmInput[];

/** About 400 TMDB films selected by scripts/build-demo-catalogue.ts (data/films.json). */
export const CATALOGUE_FILMS: readonly FilmInput[] = catalogueFilms as unknown as FilmInput[];

export const BACKSTAGE_ID = 'backstage-2023';
