import { toEventCard, type EventCard } from './event-card';
import { FilmNotFoundError } from './errors';
import type { FilmCatalogue } from './film-catalogue';

export interface ListEventsQuery {
  q?: string;
  page: number;
  pageSize: number;
  languages: readonly string[];
  now: Date;
}

export interface EventPage {
  total: number;
  page: number;
  pageSize: number;
  items: EventCard[];
}

const fold = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();

/** Lists and shows the catalogue: films with an upcoming screening first (soonest first), then by title. */
export class EventListingService {
  constructor(private readonly catalogue: FilmCatalogue) {}

  list({ q, page, pageSize, languages, now }: ListEventsQuery): EventPage {
    const needle = q ? fold(q.trim()) : '';
    const cards = [...this.catalogue.films()]
      .filter(({ film }) => !needle || Object.values(film.titles).some((t) => fold(t).includes(needle)))
      .map(({ film }) => toEventCard(film, { languages, now, maxScreenings: 3 }))
      .sort((a, b) => {
        const sa = a.nextScreenings[0]?.start;
        const sb = b.nextScreenings[0]?.start;
        if (sa && sb && sa !== sb) return Date.parse(sa) - Date.parse(sb);
        if (sa && !sb) return -1;
        if (!sa && sb) return 1;
        return a.title.localeCompare(b.title);
      });
    const start = (page - 1) * pageSize;
    return { total: cards.length, page, pageSize, items: cards.slice(start, start + pageSize) };
  }

  show(id: string, languages: readonly string[], now: Date): EventCard & { synopses: Record<string, string> } {
    const entry = this.catalogue.get(id);
    if (!entry) throw new FilmNotFoundError(id);
    const card = toEventCard(entry.film, { languages, now, maxScreenings: 50 });
    return { ...card, synopses: entry.film.synopses };
  }
}
