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
import { Recommender } from '@marquee/recommending';
import { BruteForceVectorIndex } from '@marquee/vector-index';

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
    new Recommender(catalogue, { ...recommendingSettings(newsletterConfig), defaultDiversity: 0 }),
    new NewsletterLinks(newsletterTestSettings.links),
    EditionSpecSchema.parse({ edition: '2026-W50', from: '2026-12-07', to: '2026-12-20', limit: 6, ...spec }),
    { ...newsletterTestSettings.planner, ...options },
    now,
  );
