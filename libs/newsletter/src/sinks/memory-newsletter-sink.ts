import type { NewsletterMessage } from '@marquee/domain';
import type { NewsletterSink } from '../ports/newsletter-sink.port';

/** Keeps every newsletter written, in order: tests and benches that measure everything but the disk. */
export class MemoryNewsletterSink implements NewsletterSink {
  readonly name = 'memory';
  readonly written: NewsletterMessage[] = [];

  constructor(private readonly keep = true) {}

  async write(newsletters: readonly NewsletterMessage[]): Promise<void> {
    if (this.keep) this.written.push(...newsletters);
  }

  async forget(userId: string): Promise<void> {
    for (let i = this.written.length - 1; i >= 0; i -= 1) if (this.written[i].userId === userId) this.written.splice(i, 1);
  }
}
