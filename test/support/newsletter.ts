import { FilmCatalogue } from '@marquee/catalogue';
import { newsletterSettings, recommendingSettings, validateMarqueeConfig } from '@marquee/config';
import type { Film } from '@marquee/domain';
import {
  EditionPlanner,
  EditionSpecSchema,
  NewsletterLinks,
  SubscriberSchema,
  type EditionSpec,
  type Subscriber,
} from '@marquee/newsletter';
import { BruteForceVectorIndex } from '@marquee/vector-index';
import { pick, seededRandom } from '@marquee/random';
import { filmWith, screeningAt, type VenueKey } from './screenings';

export const newsletterConfig = validateMarqueeConfig({ NEWSLETTER_PUBLIC_URL: 'https://marquee.example.org' });
export const newsletterTestSettings = newsletterSettings(newsletterConfig);

export const unitVector = (...xs: number[]): Float32Array => {
  const norm = Math.hypot(...xs);
  return new Float32Array(xs.map((x) => x / norm));
};

export const catalogueOf = (films: [Film, Float32Array][]): FilmCatalogue => {
  const catalogue = new FilmCatalogue(new BruteForceVectorIndex({ dimension: films[0][1].length }));
  for (const [film, vector] of films) catalogue.upsert({ film, version: 1, contentHash: film.id }, vector);
  return catalogue;
};

export const subscriber = (userId: string, overrides: Partial<Subscriber> = {}): Subscriber =>
  SubscriberSchema.parse({ userId, preferences: { newsletter: true, city: 'Gent', languages: ['en'] }, ...overrides });

export const plannerFor = (catalogue: FilmCatalogue, spec: Partial<EditionSpec>, now: Date, options = {}): EditionPlanner =>
  new EditionPlanner(
    catalogue,
    { ...recommendingSettings(newsletterConfig), defaultDiversity: 0 },
    new NewsletterLinks(newsletterTestSettings.links),
    EditionSpecSchema.parse({ edition: '2026-W50', from: '2026-12-07', to: '2026-12-20', limit: 6, ...spec }),
    { ...newsletterTestSettings.planner, ...options },
    now,
  );

/** A fixed clock and window for edition tests: films screen 7–20 December 2026. */
export const EDITION_NOW = new Date('2026-12-03T12:00:00Z');
export const CHILD_EDITION = EditionSpecSchema.parse({ edition: '2026-W50', from: '2026-12-07', to: '2026-12-20', limit: 6 });
const VENUE_KEYS: VenueKey[] = ['gent', 'antwerpen', 'amsterdam', 'liege'];

/**
 * A seeded catalogue of `count` films in 8 clusters of synopsis vectors, screening in the edition's
 * window at the test venues, in Dutch, English or French: the same on every call, so a child
 * process and the test that checks it build the very same edition.
 */
export const editionFixtureCatalogue = (count = 300): FilmCatalogue => {
  const random = seededRandom(2026);
  const dimension = 16;
  const centres = Array.from({ length: 8 }, () => Array.from({ length: dimension }, () => random() - 0.5));
  const films: [Film, Float32Array][] = [];
  for (let i = 0; i < count; i += 1) {
    const centre = centres[i % centres.length];
    const vector = unitVector(...centre.map((x) => x + (random() - 0.5) * 0.3));
    const screenings = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, s) => {
      const day = 7 + Math.floor(random() * 14);
      return screeningAt(`film-${i}-s${s}`, `2026-12-${String(day).padStart(2, '0')}T20:00:00+01:00`, pick(random, VENUE_KEYS), {
        bookingUrl: `https://tickets.example.org/film-${i}/${s}`,
      });
    });
    const film = filmWith(`film-${i}`, screenings, {
      titles: { en: `Film ${i}`, nl: `Film ${i} (nl)` },
      synopses: { en: `Synopsis of film ${i}, about cluster ${i % centres.length}.` },
      spokenLanguages: [pick(random, ['nl', 'en', 'fr'])],
      popularity: Math.round(random() * 100),
      url: `https://cinema.example.org/films/${i}`,
      image: `https://images.example.org/${i}.jpg`,
    });
    films.push([film, vector]);
  }
  return catalogueOf(films);
};
