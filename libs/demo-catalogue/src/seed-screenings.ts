import type { FilmInput, Screening } from '@marquee/domain';
import { screeningAt } from './screenings';
import { demoVenue } from './venues';
import { addDays, type LocalDate, weekdayOf } from './zoned-time';

const SUNDAY = 0;
const MONDAY = 1;
const TUESDAY = 2;
const WEDNESDAY = 3;
const THURSDAY = 4;
const FRIDAY = 5;
const SATURDAY = 6;

interface SeedScreeningPlan {
  venue: string;
  /** The first such weekday after today... */
  weekday: number;
  /** ...plus this many days. */
  daysLater?: number;
  time: [number, number];
  price?: number | null;
  subtitleLanguages?: string[];
}

/** Screenings modelled on the seed pages, moved to the coming weeks and to venues in Belgium and the Netherlands. */
const SEED_SCREENINGS: Record<string, SeedScreeningPlan[]> = {
  // Seed 000: "vr 31 mei 16:15, € 12, filmspecial"; seed 001: Mon and Tue 20:45-22:27 (102 minutes), English subtitles.
  'backstage-2023': [
    { venue: 'eye', weekday: FRIDAY, time: [16, 15], price: 12, subtitleLanguages: [] },
    { venue: 'sphinx', weekday: MONDAY, time: [20, 45], subtitleLanguages: [] },
    { venue: 'sphinx', weekday: MONDAY, daysLater: 1, time: [20, 45], subtitleLanguages: [] },
  ],
  'invasion-loznitsa-2024': [
    { venue: 'galeries', weekday: SUNDAY, time: [19, 0], subtitleLanguages: ['nl', 'fr'] },
    { venue: 'filmhuis-den-haag', weekday: THURSDAY, daysLater: 7, time: [20, 30], subtitleLanguages: ['nl'] },
  ],
  // Seed 002: "De Andere Film GOOD ONE, 24 mrt 2026 (a Tuesday), Cultuurcentrum De Spil, Roeselare".
  'good-one-2024': [{ venue: 'de-spil', weekday: TUESDAY, time: [20, 0], subtitleLanguages: ['nl'] }],
  // Seed 002: "Op woensdag 8 april ... bij huisvandeMens Tienen een bijzondere filmavond"; no price given.
  'julian-nabespreking-tienen': [{ venue: 'huisvandemens-tienen', weekday: WEDNESDAY, time: [19, 30], price: null, subtitleLanguages: [] }],
  // Seed 002: "Bird, Filmhuis Klappei, Antwerpen", no date given.
  'bird-arnold-2024': [
    { venue: 'klappei', weekday: THURSDAY, time: [20, 0], subtitleLanguages: ['nl'] },
    { venue: 'klappei', weekday: SATURDAY, time: [20, 30], subtitleLanguages: ['nl'] },
  ],
};

const nextWeekday = (today: LocalDate, weekday: number): LocalDate => addDays(today, ((weekday - weekdayOf(today) + 6) % 7) + 1);

export const seedScreenings = (film: FilmInput, today: LocalDate): Screening[] =>
  (SEED_SCREENINGS[film.id] ?? [])
    .map((plan) =>
      screeningAt(film, {
        venue: demoVenue(plan.venue),
        date: addDays(nextWeekday(today, plan.weekday), plan.daysLater ?? 0),
        hour: plan.time[0],
        minute: plan.time[1],
        price: plan.price,
        subtitleLanguages: plan.subtitleLanguages,
      }),
    )
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
