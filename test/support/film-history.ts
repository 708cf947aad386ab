import { isDeepStrictEqual } from 'node:util';
import { filmIdOf, type FilmEvent } from '@marquee/domain';
import type { FilmCatalogue } from '@marquee/catalogue';
import { addedEvent, removedEvent, testFilm } from './films';
import { pick, seededRandom } from '@marquee/random';
import { interleave } from './prng';

const THEMES = [
  ['A dance company rehearses its last performance.', 'Een dansgezelschap repeteert zijn laatste voorstelling.'],
  ['A war documentary filmed on the front line.', 'Un documentaire de guerre tourné sur la ligne de front.'],
  ['Two friends drive across the country to a wedding.', 'Zwei Freunde fahren quer durchs Land zu einer Hochzeit.'],
  ['A detective hunts a killer through a rainy city.', 'Un detective persigue a un asesino por una ciudad lluviosa.'],
  ['A family reunites on an island for one summer.', "Una famiglia si ritrova su un'isola per un'estate."],
] as const;

const synopsisOf = (random: () => number, id: string) => {
  const [en, other] = pick(random, THEMES);
  return { en: `${en} (${id})`, nl: other };
};

/**
 * The events of `count` films as a catalogue would publish them: each added, some updated with a
 * new synopsis, some updated with the same text (a new title: no new embedding), some removed.
 * Versions rise per film; events of different films are interleaved at random.
 */
export const filmStream = (count: number, { seed, prefix }: { seed: number; prefix: string }): FilmEvent[] => {
  const random = seededRandom(seed);
  const histories = Array.from({ length: count }, (_, i) => {
    const id = `${prefix}-${i}`;
    const film = testFilm(id, { titles: { en: `Film ${i}` }, synopses: synopsisOf(random, id) }, { hoursFromNow: [24 + (i % 48)] });
    const events: FilmEvent[] = [addedEvent(film, 1)];
    if (random() < 0.35) events.push(addedEvent({ ...film, synopses: synopsisOf(random, `${id} again`) }, events.length + 1));
    if (random() < 0.2) {
      const last = events[events.length - 1];
      if (last.type !== 'film.removed') events.push(addedEvent({ ...last.film, titles: { en: `Film ${i}, restored` } }, events.length + 1));
    }
    if (random() < 0.12) events.push(removedEvent(id, events.length + 1));
    return events;
  });
  return interleave(random, histories);
};

/** The newest event of every film: what the index must hold in the end. */
export const sourceOfTruth = (events: FilmEvent[]): Map<string, FilmEvent> => {
  const newest = new Map<string, FilmEvent>();
  for (const event of events) {
    const id = filmIdOf(event);
    if (event.version > (newest.get(id)?.version ?? -1)) newest.set(id, event);
  }
  return newest;
};

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** How a replica's catalogue differs from the source of truth; empty when it matches. */
export const catalogueMismatches = (catalogue: FilmCatalogue, truth: Map<string, FilmEvent>): string[] => {
  const problems: string[] = [];
  let present = 0;
  for (const [id, event] of truth) {
    const entry = catalogue.get(id);
    if (event.type === 'film.removed') {
      if (entry) problems.push(`${id}: removed at version ${event.version}, still listed at ${entry.version}`);
      continue;
    }
    present += 1;
    if (!entry) problems.push(`${id}: version ${event.version} missing`);
    else if (entry.version !== event.version) problems.push(`${id}: version ${entry.version}, expected ${event.version}`);
    else if (!isDeepStrictEqual(plain(entry.film), plain(event.film))) problems.push(`${id}: film differs at version ${event.version}`);
  }
  if (catalogue.size() !== present) problems.push(`${catalogue.size()} films listed, ${present} expected`);
  return problems;
};
