import type { Film } from '@marquee/domain';
import { themesOf } from '@marquee/text';

const themes = new WeakMap<Film, ReadonlySet<string>>();

/** A film's themes (see THEMES in @marquee/text), from its synopses in every language, genres and tags; computed once per film object. */
export const filmThemes = (film: Film): ReadonlySet<string> => {
  let found = themes.get(film);
  if (!found) {
    found = new Set(themesOf(Object.values(film.synopses), film.genres, film.tags));
    themes.set(film, found);
  }
  return found;
};

/** Themes both films have, in order of preference (most specific first). */
export const sharedThemes = (reference: Film, candidate: Film, count: number): string[] => {
  const wanted = filmThemes(reference);
  return [...filmThemes(candidate)].filter((theme) => wanted.has(theme)).slice(0, count);
};
