import { Topics, type EventBus, type NewsletterMessage } from '@marquee/domain';
import type { NewsletterSink } from '../ports/newsletter-sink.port';

export const NEWSLETTER_EDITION_HEADER = 'newsletter-edition';
export const NEWSLETTER_HASH_HEADER = 'newsletter-content-hash';

/**
 * One message per subscriber on `newsletters` (key = userId), resolved once the broker acknowledged
 * it. A message acknowledged just before a crash is published again by the rerun (at least once):
 * the mailer drops it by edition and content hash, both in the headers.
 */
export class TopicNewsletterSink implements NewsletterSink {
  readonly name = 'topic';

  constructor(private readonly bus: EventBus) {}

  async write(newsletters: readonly NewsletterMessage[]): Promise<void> {
    if (newsletters.length === 0) return;
    await this.bus.publish(
      Topics.newsletters,
      newsletters.map((n) => ({
        key: n.userId,
        value: JSON.stringify(n),
        headers: { [NEWSLETTER_EDITION_HEADER]: n.edition, [NEWSLETTER_HASH_HEADER]: n.contentHash },
      })),
    );
  }

  /** Kafka cannot delete one message: a tombstone for the key, and the topic's retention (14 days) removes the rest. */
  async forget(userId: string): Promise<void> {
    await this.bus.publish(Topics.newsletters, [{ key: userId, value: null }]);
  }
}
