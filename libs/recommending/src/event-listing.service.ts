import { toEventCard, type EventCard, type FilmCatalogue } from '@marquee/catalogue';
import { FilmNotFoundError } from '@marquee/domain';
import { fold } from '@marquee/text';
import { compileFilters, type EventFilters } from './filters/event-filters';

export interface ListEventsQuery {
  q?: string;
  page: number;
  pageSize: number;
  languages: readonly string[];
  now: Date;
  /** When given, only films with a matching screening are listed, each with its matching screenings. */
  filters?: EventFilters;
}

export interface EventPage {
  total: number;
  page: number;
  pageSize: number;
  items: EventCard[];
}

/** Lists and shows the catalogue: films with an upcoming screening first (soonest first), then by title. */
export class EventListingService {
  constructor(
    private readonly catalogue: FilmCatalogue,
    private readonly options: { maxScreeningsPerCard: number; synopsisMaxChars: number },
  ) {}

  list({ q, page, pageSize, languages, now, filters }: ListEventsQuery): EventPage {
    const needle = q ? fold(q) : '';
    const matcher = filters && compileFilters(filters, now);
    const { maxScreeningsPerCard: maxScreenings, synopsisMaxChars } = this.options;
    const cards = [...this.catalogue.films()]
      .filter(({ film }) => !needle || Object.values(film.titles).some((t) => fold(t).includes(needle)))
      .flatMap(({ film }) => {
        if (!matcher) return [toEventCard(film, { languages, now, maxScreenings, synopsisMaxChars })];
        const screenings = matcher.matchingScreenings(film).map((s) => s.screening);
        return screenings.length ? [toEventCard(film, { languages, now, maxScreenings, synopsisMaxChars, screenings })] : [];
      })
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
