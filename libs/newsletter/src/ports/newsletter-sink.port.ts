import type { NewsletterMessage } from '@marquee/domain';

/** Where the newsletters go: files under `--out`, the `newsletters` topic, memory in tests. */
export interface NewsletterSink {
  readonly name: string;
  /** Resolves once every one is durable (written and fsync'd, or acknowledged by the broker). */
  write(newsletters: readonly NewsletterMessage[]): Promise<void>;
  /** Erasure: every newsletter this sink holds for the user. */
  forget(userId: string): Promise<void>;
}

export const NEWSLETTER_SINKS = Symbol('NewsletterSinks');
