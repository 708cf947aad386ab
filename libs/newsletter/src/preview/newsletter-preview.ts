import type { FilmCatalogue } from '@marquee/catalogue';
import type { NewsletterMessage } from '@marquee/domain';
import type { RecommenderOptions } from '@marquee/recommending';
import { z } from 'zod';
import { isoWeekWindow } from '../edition-window';
import { EditionSpecSchema, type EditionSpec } from '../edition-spec';
import type { NewsletterOptions } from '../edition-tools';
import { EditionPlanner, type SkipReason } from '../planning/edition-planner';
import { NewsletterLinks } from '../planning/newsletter-links';
import type { SubscriberSource } from '../ports/subscriber-source.port';
import { NewsletterRenderer } from '../rendering/newsletter-renderer';

/** What an editor asks a preview for: the edition, and its window unless the edition is an ISO week. */
export const PreviewQuerySchema = z.strictObject({
  edition: EditionSpecSchema.shape.edition,
  from: EditionSpecSchema.shape.from.optional(),
  to: EditionSpecSchema.shape.to.optional(),
  city: EditionSpecSchema.shape.city,
  segment: EditionSpecSchema.shape.segment,
  limit: z.coerce.number().int().min(1).max(20).optional(),
  format: z.enum(['html', 'text', 'json']).default('html'),
  /** Subscribers listed on the editor's page. */
  sample: z.coerce.number().int().min(1).max(100).default(20),
});

export type PreviewQuery = z.infer<typeof PreviewQuerySchema>;

export type PreviewOutcome =
  | { kind: 'newsletter'; message: NewsletterMessage }
  | { kind: 'skipped'; reason: SkipReason }
  | { kind: 'unknown-user' }
  | { kind: 'invalid'; reason: string };

export interface SampledSubscriber {
  userId: string;
  outcome: { kind: 'newsletter'; message: NewsletterMessage } | { kind: 'skipped'; reason: SkipReason };
}

/**
 * The newsletter one subscriber would get from an edition now, rendered as it would be sent, and a
 * sample of an edition's subscribers with their picks and reasons for the editor's page.
 */
export class NewsletterPreview {
  private renderer?: Promise<NewsletterRenderer>;
  private readonly links: NewsletterLinks;

  constructor(
    private readonly catalogue: FilmCatalogue,
    private readonly recommending: RecommenderOptions,
    private readonly options: NewsletterOptions & { limit: number },
    /** The subscribers as the edition sees them (what its previous edition carried is left out). */
    private readonly subscribersFor: (edition: string) => SubscriberSource,
  ) {
    this.links = new NewsletterLinks(options.links);
  }

  /** The edition the query names, or why it names none. */
  spec(query: PreviewQuery): { spec: EditionSpec } | { reason: string } {
    const window = query.from && query.to ? { from: query.from, to: query.to } : isoWeekWindow(query.edition);
    if (!window) return { reason: 'from and to are required unless the edition is an ISO week such as 2026-W50' };
    const parsed = EditionSpecSchema.safeParse({
      edition: query.edition,
      ...window,
      city: query.city,
      segment: query.segment,
      limit: query.limit ?? this.options.limit,
    });
    return parsed.success
      ? { spec: parsed.data }
      : { reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  }

  async preview(userId: string, query: PreviewQuery, now = new Date()): Promise<PreviewOutcome> {
    const spec = this.spec(query);
    if ('reason' in spec) return { kind: 'invalid', reason: spec.reason };
    const subscriber = await this.subscribersFor(spec.spec.edition).subscriber(userId);
    if (!subscriber) return { kind: 'unknown-user' };
    const plan = this.planner(spec.spec, now).plan(subscriber);
    if (plan.kind === 'skipped') return plan;
    return { kind: 'newsletter', message: (await this.rendering()).render(plan.newsletter, plan.language) };
  }

  /** The first `query.sample` subscribers of the edition, each with what they would get or why they get nothing. */
  async sample(
    query: PreviewQuery,
    now = new Date(),
  ): Promise<{ spec: EditionSpec; subscribers: SampledSubscriber[] } | { reason: string }> {
    const spec = this.spec(query);
    if ('reason' in spec) return spec;
    const planner = this.planner(spec.spec, now);
    const renderer = await this.rendering();
    const subscribers: SampledSubscriber[] = [];
    for await (const subscriber of this.subscribersFor(spec.spec.edition).subscribers()) {
      const plan = planner.plan(subscriber);
      if (plan.kind === 'skipped' && plan.reason !== 'nothing-new') continue;
      subscribers.push({
        userId: subscriber.userId,
        outcome: plan.kind === 'skipped' ? plan : { kind: 'newsletter', message: renderer.render(plan.newsletter, plan.language) },
      });
      if (subscribers.length >= query.sample) break;
    }
    return { spec: spec.spec, subscribers };
  }

  private planner(spec: EditionSpec, now: Date): EditionPlanner {
    return new EditionPlanner(this.catalogue, this.recommending, this.links, spec, this.options.planner, now);
  }

  /** MJML is compiled once per process, on the first preview. */
  private rendering(): Promise<NewsletterRenderer> {
    this.renderer ??= NewsletterRenderer.create((n) => this.links.previewUrl(n.userId, n, 'text'));
    return this.renderer;
  }
}
