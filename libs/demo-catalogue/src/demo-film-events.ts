import type { FilmEventInput, FilmInput, Screening } from '@marquee/domain';
import { BACKSTAGE_ID, CATALOGUE_FILMS, SEED_FILMS } from './demo-films';
import { hashString, seededRandom } from '@marquee/random';
import { generateScreenings } from './screenings';
import { seedScreenings } from './seed-screenings';
import { formatLocalDate, type LocalDate, localDateOf } from './zoned-time';

export const DEFAULT_DEMO_SEED = 1;

export interface DemoOptions {
  /** Another seed gives another (equally deterministic) programme. */
  seed?: number;
}

/** Calendar days are counted in Belgium; the Dutch venues share its offsets. */
const PROGRAMME_TIME_ZONE = 'Europe/Brussels';

const filmAdded = (film: FilmInput, screenings: Screening[], now: Date, today: LocalDate, seed: number): FilmEventInput => ({
  type: 'film.added',
  eventId: `demo-${film.id}-s${seed}-${formatLocalDate(today)}`,
  version: 1,
  occurredAt: now.toISOString(),
  // A deep copy: callers may change their events without changing the next call's.
  film: { ...structuredClone(film), screenings },
});

/**
 * One `film.added` event per demo film (the five seed films first), with screenings placed relative to `now`.
 * The same `now` day and seed always give the same events.
 */
export const demoFilmEvents = (now: Date, options: DemoOptions = {}): FilmEventInput[] => {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const today = localDateOf(now, PROGRAMME_TIME_ZONE);
  return [
    ...SEED_FILMS.map((film) => filmAdded(film, seedScreenings(film, today), now, today, seed)),
    ...CATALOGUE_FILMS.map((film) =>
      filmAdded(film, generateScreenings(film, today, seededRandom(hashString(`${seed}:${film.id}`))), now, today, seed),
    ),
  ];
};

/** The "Backstage" seed (seed pages 000 and 001) as the `film.added` event a producer would send. */
export const backstageExampleEvent = (now: Date): FilmEventInput => {
  const backstage = SEED_FILMS.find((film) => film.id === BACKSTAGE_ID)!;
  const today = localDateOf(now, PROGRAMME_TIME_ZONE);
  return filmAdded(backstage, seedScreenings(backstage, today), now, today, DEFAULT_DEMO_SEED);
};
