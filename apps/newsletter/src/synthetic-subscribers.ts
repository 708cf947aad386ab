import type { Film } from '@marquee/domain';
import { pick, seededRandom } from '@marquee/random';
import type { Subscriber, SubscriberSource } from '@marquee/newsletter';

export interface SyntheticSubscriberOptions {
  count: number;
  seed: number;
  /** Share of subscribers that opted in (the others are counted as not subscribed). */
  optedIn?: number;
}

const LANGUAGES = [['nl'], ['nl', 'en'], ['en'], ['fr', 'en'], ['en', 'nl']];
const SEGMENTS = ['arthouse', 'family', 'students'];

/**
 * Seeded, generated subscribers over a catalogue (the embedded demo and the benchmark): each with
 * a home city where films screen, languages, a few liked, booked and dismissed films. Streamed: a
 * subscriber is built when it is read, so a million of them cost no memory.
 */
export class SyntheticSubscriberSource implements SubscriberSource {
  private readonly filmIds: string[];
  private readonly cities: string[];

  constructor(
    films: Iterable<Film>,
    private readonly options: SyntheticSubscriberOptions,
  ) {
    const ids: string[] = [];
    const cities = new Set<string>();
    for (const film of films) {
      ids.push(film.id);
      for (const s of film.screenings) cities.add(s.venue.city);
    }
    this.filmIds = ids.sort();
    this.cities = [...cities].sort();
  }

  async *subscribers(): AsyncIterable<Subscriber> {
    for (let i = 0; i < this.options.count; i += 1) yield this.build(i);
  }

  async subscriber(userId: string): Promise<Subscriber | undefined> {
    const match = /^subscriber-(\d+)$/.exec(userId);
    const i = match ? Number(match[1]) : -1;
    return i >= 0 && i < this.options.count ? this.build(i) : undefined;
  }

  private build(i: number): Subscriber {
    const random = seededRandom(this.options.seed * 1_000_003 + i);
    const films = (n: number) => Array.from({ length: n }, () => pick(random, this.filmIds));
    return {
      userId: `subscriber-${i}`,
      preferences: {
        newsletter: random() < (this.options.optedIn ?? 0.9),
        ...(this.cities.length ? { city: pick(random, this.cities) } : {}),
        languages: pick(random, LANGUAGES),
      },
      segments: random() < 0.3 ? [pick(random, SEGMENTS)] : [],
      liked: films(Math.floor(random() * 4)),
      booked: films(Math.floor(random() * 3)),
      dismissed: films(Math.floor(random() * 2)),
      lastSent: films(Math.floor(random() * 4)),
    };
  }
}
