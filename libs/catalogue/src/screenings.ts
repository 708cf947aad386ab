import type { Film, Screening } from '@marquee/domain';

/** Screenings a visitor can still attend: those that have not started yet, soonest first. */
export const upcomingScreenings = (film: Film, now: Date): Screening[] =>
  film.screenings.filter((s) => Date.parse(s.start) > now.getTime()).sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
