import type { TopicInteraction } from './audience-store.port';

export interface AggregateBufferOptions {
  /** Flush once this many interactions are waiting. */
  maxMessages: number;
  /** Flush once this many batches are waiting: every batch the consumer can hold at once is in, no other can come. */
  maxBatches: number;
  /** Flush this long after the last batch came in, whatever else happened (the fetch had fewer batches). */
  idleMs: number;
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit for the aggregates. Each partition's batch is added here and its handler waits
 * until the flush that holds it has been applied; only then does the bus commit its offsets. A
 * flush is ONE aggregator update for the interactions of every batch in it (one erasure lookup,
 * one seen-ids check and one transaction per week, whatever the number of batches), so the Redis
 * round trips are paid per flush, not per batch. A failed flush fails every batch in it: the bus
 * delivers them again and the weeks' offset fences drop what was applied already, so nothing counts twice and
 * nothing is lost. Flushes run one after the other; batches that come during a flush go into the next.
 */
export class AggregateBuffer {
  private events: TopicInteraction[] = [];
  private waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  /** Interactions applied (new ones: redeliveries are not counted) and flushes done. */
  applied = 0;
  flushes = 0;

  constructor(
    private readonly apply: (events: readonly TopicInteraction[]) => Promise<number>,
    private readonly options: AggregateBufferOptions,
  ) {}

  /** Resolves once these interactions are in the aggregates (or were already); rejects when their flush failed. */
  add(events: readonly TopicInteraction[]): Promise<void> {
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    for (const event of events) this.events.push(event);
    if (this.events.length >= this.options.maxMessages || this.waiters.length >= this.options.maxBatches) this.flush();
    else {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.flush(), this.options.idleMs);
    }
    return done;
  }

  /** Flushes what is waiting now; resolves once every flush so far has ended. */
  drain(): Promise<void> {
    if (this.waiters.length > 0) this.flush();
    return this.flushing;
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const events = this.events;
    const waiters = this.waiters;
    this.events = [];
    this.waiters = [];
    const run = async () => {
      try {
        this.applied += await this.apply(events);
        this.flushes += 1;
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        for (const waiter of waiters) waiter.reject(error);
      }
    };
    this.flushing = this.flushing.then(run);
  }
}
