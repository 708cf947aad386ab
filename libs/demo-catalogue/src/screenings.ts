import type { FilmInput, Screening } from '@marquee/domain';
import { integerBetween, pick, type Random } from '@marquee/random';
import { DEMO_VENUES, type DemoVenue } from './venues';
import { addDays, formatLocalDate, isoInZone, type LocalDate, zonedEpochMs } from './zoned-time';

export interface ScreeningSlot {
  venue: DemoVenue;
  date: LocalDate;
  hour: number;
  minute: number;
  /** EUR; undefined: the venue's regular price; null: no price published. */
  price?: number | null;
  /** undefined: what the venue usually adds for a film in another language. */
  subtitleLanguages?: string[];
}

const EVENING_TIMES: readonly (readonly [number, number])[] = [
  [19, 0],
  [19, 30],
  [20, 0],
  [20, 15],
  [20, 30],
  [21, 0],
  [21, 30],
];
const FUTURE_DAYS = 42;
const PAST_DAYS = 21;

const PROGRAMMING_VENUES = DEMO_VENUES.filter((venue) => venue.regularProgramme);

const pad = (value: number) => String(value).padStart(2, '0');

const usualSubtitles = (film: FilmInput, venue: DemoVenue): string[] => {
  const spoken = film.spokenLanguages ?? [];
  if (spoken.length === 0) return [];
  const already = new Set([...spoken, ...(film.subtitleLanguages ?? [])]);
  return venue.subtitleLanguages.filter((language) => !already.has(language));
};

export const screeningAt = (film: FilmInput, slot: ScreeningSlot): Screening => {
  const { venue, timeZone } = slot.venue;
  const startMs = zonedEpochMs(slot.date, slot.hour, slot.minute, timeZone);
  const local = `${formatLocalDate(slot.date)}-${pad(slot.hour)}${pad(slot.minute)}`;
  const price = slot.price === undefined ? slot.venue.price : slot.price;
  const subtitles = slot.subtitleLanguages ?? usualSubtitles(film, slot.venue);
  return {
    id: `${film.id}@${slot.venue.key}-${local}`,
    start: isoInZone(startMs, timeZone),
    ...(film.runtimeMinutes ? { end: isoInZone(startMs + film.runtimeMinutes * 60_000, timeZone) } : {}),
    timeZone,
    venue: { ...venue },
    ...(price === null ? {} : { price: { amount: price, currency: 'EUR' } }),
    bookingUrl: `https://tickets.example.org/${slot.venue.key}/${encodeURIComponent(film.id)}/${local}`,
    ...(subtitles.length > 0 ? { subtitleLanguages: subtitles } : {}),
  };
};

/**
 * A plausible programme for one film around `today`: 1-4 evenings in the next six weeks, mostly at one venue.
 * About one film in twenty has no screening at all and one in twelve only past ones, and some films keep a past
 * screening next to future ones, so that "can still be attended" filtering has something to filter.
 */
export const generateScreenings = (film: FilmInput, today: LocalDate, random: Random): Screening[] => {
  const roll = random();
  if (roll < 0.05) return [];
  const dayOffsets: number[] = [];
  if (roll < 0.13) {
    for (let n = integerBetween(random, 1, 2); n > 0; n--) dayOffsets.push(-integerBetween(random, 1, PAST_DAYS));
  } else {
    for (let n = integerBetween(random, 1, 4); n > 0; n--) dayOffsets.push(integerBetween(random, 1, FUTURE_DAYS));
    if (random() < 0.2) dayOffsets.push(-integerBetween(random, 1, PAST_DAYS));
  }
  const home = pick(random, PROGRAMMING_VENUES);
  const screenings = new Map<string, Screening>();
  for (const offset of dayOffsets) {
    const venue = random() < 0.7 ? home : pick(random, PROGRAMMING_VENUES);
    const [hour, minute] = pick(random, EVENING_TIMES);
    const screening = screeningAt(film, { venue, date: addDays(today, offset), hour, minute });
    screenings.set(screening.id, screening);
  }
  return [...screenings.values()].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
};
