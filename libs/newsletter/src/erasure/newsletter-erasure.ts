import type { EditionLedger } from '../ports/edition-ledger.port';
import type { NewsletterSink } from '../ports/newsletter-sink.port';

/** GDPR erasure of a user's newsletters: their ledger entries in every edition and every output the sinks hold. */
export class NewsletterErasure {
  constructor(
    private readonly ledger: EditionLedger,
    private readonly sinks: readonly NewsletterSink[],
  ) {}

  /** Idempotent: erasing twice, or a user never mailed, changes nothing. */
  async erase(userId: string): Promise<void> {
    await Promise.all(this.sinks.map((sink) => sink.forget(userId)));
    await this.ledger.forget(userId);
  }
}
