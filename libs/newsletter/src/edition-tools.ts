import type { FilmCatalogue } from '@marquee/catalogue';
import type { RecommenderOptions } from '@marquee/recommending';
import type { EditionSpec } from './edition-spec';
import { EditionPlanner, type EditionPlannerOptions } from './planning/edition-planner';
import { NewsletterLinks, type NewsletterLinkOptions } from './planning/newsletter-links';
import { NewsletterRenderer } from './rendering/newsletter-renderer';

/** Every field is required: the defaults live in the configuration schema (`newsletterSettings`). */
export interface NewsletterOptions {
  planner: EditionPlannerOptions;
  links: NewsletterLinkOptions;
}

export interface EditionTools {
  planner: EditionPlanner;
  renderer: NewsletterRenderer;
  links: NewsletterLinks;
}

/** What producing (or previewing) an edition takes, built the same way by the CLI, its workers, the API and the bench. */
export const editionTools = async (
  catalogue: FilmCatalogue,
  recommending: RecommenderOptions,
  spec: EditionSpec,
  options: NewsletterOptions,
  now: Date,
): Promise<EditionTools> => {
  const links = new NewsletterLinks(options.links);
  const renderer = await NewsletterRenderer.create((n) => links.previewUrl(n.userId, n, 'text'));
  return { planner: new EditionPlanner(catalogue, recommending, links, spec, options.planner, now), renderer, links };
};
