import type { Film } from '@marquee/domain';
import { creditsOf } from '@marquee/catalogue';

/** Themes both films have, in order of preference (most specific first). */
export const sharedThemes = (reference: Film, candidate: Film, count: number): string[] => {
  const wanted = creditsOf(reference).themes;
  return [...creditsOf(candidate).themes].filter((theme) => wanted.has(theme)).slice(0, count);
};
