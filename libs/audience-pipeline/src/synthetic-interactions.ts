import { randomUUID } from 'node:crypto';
import type { ThemeModel, UserInteractionEvent } from '@marquee/domain';
import { seededRandom, type Random } from '@marquee/random';

/** A film as the generator needs it: where it screens. */
export interface SyntheticFilm {
  id: string;
  places: readonly { city: string; venue: string }[];
}

export interface SyntheticOptions {
  weeks: number;
  perWeek: number;
  users: number;
  seed: number;
  now: Date;
  /** Fresh ids (a replayable run passes a seeded generator). */
  interactionId?: () => string;
}

/** Every synthetic interaction says so: its source and its users' ids. */
export const SYNTHETIC_SOURCE = 'synthetic';

const TYPES: readonly [UserInteractionEvent['type'], number][] = [
  ['view', 0.5],
  ['impression', 0.12],
  ['click', 0.18],
  ['like', 0.05],
  ['booking', 0.06],
  ['search', 0.09],
];

const weighted = <T>(items: readonly [T, number][], random: Random): T => {
  let target = random() * items.reduce((s, [, w]) => s + w, 0);
  for (const [item, weight] of items) if ((target -= weight) <= 0) return item;
  return items[items.length - 1][0];
};

/**
 * Plausible synthetic interactions over the past weeks, labelled synthetic (source `synthetic`,
 * user ids `synthetic-…`), so that the embedded dashboard has data: users with a home city and
 * favourite themes, one theme rising in the busiest city over the last weeks, searches with a
 * theme's words. Deterministic for a seed, apart from the interaction ids.
 */
export const syntheticInteractions = (
  films: readonly SyntheticFilm[],
  model: ThemeModel,
  options: SyntheticOptions,
): UserInteractionEvent[] => {
  const random = seededRandom(options.seed);
  const newId = options.interactionId ?? randomUUID;
  const placed = films.filter((f) => f.places.length > 0);
  const themes = model.themes.filter((t) => t.size > 0);
  if (placed.length === 0 || themes.length === 0) return [];
  const filmsByTheme = new Map<string, SyntheticFilm[]>();
  for (const film of placed) {
    const themeId = model.shares[film.id]?.[0]?.themeId;
    if (themeId === undefined) continue;
    filmsByTheme.set(themeId, [...(filmsByTheme.get(themeId) ?? []), film]);
  }
  const active = themes.filter((t) => filmsByTheme.has(t.id));
  if (active.length === 0) return [];
  const cityCounts = new Map<string, number>();
  for (const film of placed) for (const place of film.places) cityCounts.set(place.city, (cityCounts.get(place.city) ?? 0) + 1);
  const cities = [...cityCounts].sort((a, b) => b[1] - a[1]);
  const busiest = cities[0][0];
  const rising = active[Math.floor(active.length / 2)].id;
  const popularity = new Map(active.map((t) => [t.id, 0.3 + random()]));
  const users = Array.from({ length: options.users }, (_, i) => ({
    id: `${SYNTHETIC_SOURCE}-${i}`,
    city: weighted(cities, random),
    favourites: [active[Math.floor(random() * active.length)].id, active[Math.floor(random() * active.length)].id],
  }));
  const events: UserInteractionEvent[] = [];
  // Films of a theme screening in a city, found once per theme and city.
  const localFilms = new Map<string, SyntheticFilm[]>();
  const weekMs = 7 * 86_400_000;
  for (let w = options.weeks - 1; w >= 0; w--) {
    const weekEnd = options.now.getTime() - w * weekMs;
    // The rising theme grows in the busiest city over the last three weeks.
    const rise = Math.max(0, 3 - w);
    for (let i = 0; i < options.perWeek; i++) {
      const user = users[Math.floor(random() * users.length)];
      let themeId: string;
      if (user.city === busiest && random() < 0.08 * rise) themeId = rising;
      else if (random() < 0.6) themeId = user.favourites[Math.floor(random() * 2)];
      else themeId = weighted([...popularity], random);
      const candidates = filmsByTheme.get(themeId) ?? placed;
      const localKey = `${themeId}|${user.city}`;
      let local = localFilms.get(localKey);
      if (local === undefined) {
        local = candidates.filter((f) => f.places.some((p) => p.city === user.city));
        localFilms.set(localKey, local);
      }
      const film =
        (local.length > 0 && random() < 0.85 ? local : candidates)[
          Math.floor(random() * (local.length > 0 ? local.length : candidates.length))
        ] ?? candidates[0];
      const place = film.places.find((p) => p.city === user.city) ?? film.places[0];
      const occurredAt = new Date(weekEnd - Math.floor(random() * weekMs)).toISOString();
      const type = weighted(TYPES, random);
      const common = {
        interactionId: newId(),
        userId: user.id,
        occurredAt,
        receivedAt: occurredAt,
        context: { city: place.city, venue: place.venue, source: SYNTHETIC_SOURCE },
      };
      if (type === 'search') {
        const theme = model.themes.find((t) => t.id === themeId);
        const words = theme?.words.nl?.length ? theme.words.nl : (theme?.words.en ?? []);
        const query = words.slice(0, 1 + Math.floor(random() * 2)).join(' ') || 'film';
        events.push({ ...common, type: 'search', query: `${query} ${place.city}`, filmIds: candidates.slice(0, 3).map((f) => f.id) });
      } else {
        events.push({ ...common, type: type as 'view', filmId: film.id });
      }
    }
  }
  return events;
};
