import { Topics, UserInteractionEventSchema, type EventBus, type NewsletterMessage, type UserInteractionEvent } from '@marquee/domain';
import type { NewsletterLinks } from './planning/newsletter-links';

/**
 * Feeds what each mail carried back as `sent` interactions, so the next edition leaves those films
 * out. Each has an id derived from edition and subscriber: published again after a crash, it is
 * dropped by consumers, which are idempotent by interactionId.
 */
export class SentRecorder {
  constructor(
    private readonly bus: EventBus,
    private readonly links: NewsletterLinks,
  ) {}

  async record(newsletters: readonly NewsletterMessage[], at: Date): Promise<void> {
    if (newsletters.length === 0) return;
    const messages = newsletters.map((n) => {
      const event: UserInteractionEvent = UserInteractionEventSchema.parse({
        type: 'sent',
        interactionId: this.links.sentInteractionId(n.edition, n.userId),
        userId: n.userId,
        edition: n.edition,
        filmIds: n.picks.map((p) => p.filmId),
        recommendationId: n.recommendationId,
        context: { source: 'newsletter' },
        occurredAt: at.toISOString(),
        receivedAt: at.toISOString(),
      });
      return { key: n.userId, value: JSON.stringify(event) };
    });
    await this.bus.publish(Topics.userInteractions, messages);
  }
}
