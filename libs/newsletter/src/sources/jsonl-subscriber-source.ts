import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { describeIssues } from '@marquee/domain';
import type { SubscriberSource } from '../ports/subscriber-source.port';
import { SubscriberSchema, type Subscriber } from '../subscriber';

/** A subscriber line the file source refused, with why; the run goes on without it. */
export interface RejectedSubscriberLine {
  line: number;
  reason: string;
}

/**
 * Subscribers from a JSONL file (one `SubscriberSchema` object a line), streamed. A bad line is
 * reported and skipped, never the end of the edition.
 */
export class JsonlSubscriberSource implements SubscriberSource {
  constructor(
    private readonly path: string,
    private readonly onRejected: (rejected: RejectedSubscriberLine) => void = () => undefined,
  ) {}

  async *subscribers(): AsyncIterable<Subscriber> {
    const lines = createInterface({ input: createReadStream(this.path, 'utf8'), crlfDelay: Infinity });
    let number = 0;
    for await (const line of lines) {
      number += 1;
      if (!line.trim()) continue;
      const subscriber = this.parse(line, number);
      if (subscriber) yield subscriber;
    }
  }

  async subscriber(userId: string): Promise<Subscriber | undefined> {
    for await (const subscriber of this.subscribers()) if (subscriber.userId === userId) return subscriber;
    return undefined;
  }

  private parse(line: string, number: number): Subscriber | undefined {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      this.onRejected({ line: number, reason: `malformed JSON: ${(error as Error).message}` });
      return undefined;
    }
    const result = SubscriberSchema.safeParse(value);
    if (result.success) return result.data;
    this.onRejected({ line: number, reason: describeIssues(result.error) });
    return undefined;
  }
}
