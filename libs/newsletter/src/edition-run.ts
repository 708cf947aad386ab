import type { Newsletter, NewsletterMessage } from '@marquee/domain';
import type { Seed } from '@marquee/recommending';
import type { EditionPlanner, SkipReason } from './planning/edition-planner';
import type { EditionLedger } from './ports/edition-ledger.port';
import type { NewsletterSink } from './ports/newsletter-sink.port';
import type { SubscriberSource } from './ports/subscriber-source.port';
import type { NewsletterLanguage } from '@marquee/text';
import type { SentRecorder } from './sent-recorder';
import type { Subscriber } from './subscriber';

export interface EditionCounts {
  /** Subscribers read from the source. */
  read: number;
  /** Newsletters produced by this run. */
  produced: number;
  /** Done by an earlier run of the edition (the ledger has them). */
  alreadyDone: number;
  skipped: Record<SkipReason, number>;
}

export interface EditionRunOptions {
  edition: string;
  /** Subscribers planned, written and recorded together. */
  batchSize: number;
  /** Batches being rendered, written and recorded at once (while the next one is planned). */
  batchesInFlight: number;
  now: () => Date;
  onProgress?: (counts: EditionCounts) => void;
}

export interface EditionRunParts {
  source: SubscriberSource;
  /** Looks up each subscriber's liked films (it holds the whole catalogue); `produce` may plan elsewhere. */
  planner: EditionPlanner;
  /** Each subscriber's plan and, when planned, its three renderings: in this thread, or across a pool of worker threads. */
  produce(tasks: readonly PlanTask[]): Promise<Produced[]>;
  sinks: readonly NewsletterSink[];
  ledger: EditionLedger;
  sent?: SentRecorder;
}

export interface PlannedNewsletter {
  newsletter: Newsletter;
  language: NewsletterLanguage;
}

/** A subscriber to plan, with their liked films already looked up. */
export interface PlanTask {
  subscriber: Subscriber;
  seeds: Seed[];
}

export type Produced = { kind: 'newsletter'; message: NewsletterMessage } | { kind: 'skipped'; reason: SkipReason };

/** Plans and renders in the calling thread. */
export const produceInThisThread =
  (planner: EditionPlanner, renderer: { render(newsletter: Newsletter, language: NewsletterLanguage): NewsletterMessage }) =>
  async (tasks: readonly PlanTask[]): Promise<Produced[]> => {
    planner.prefetch(tasks);
    return tasks.map(({ subscriber, seeds }) => {
      const plan = planner.plan(subscriber, seeds);
      return plan.kind === 'skipped' ? plan : { kind: 'newsletter', message: renderer.render(plan.newsletter, plan.language) };
    });
  };

export const emptyCounts = (): EditionCounts => ({
  read: 0,
  produced: 0,
  alreadyDone: 0,
  skipped: { 'not-subscribed': 0, 'other-segment': 0, 'nothing-new': 0 },
});

/**
 * One run of an edition, streamed batch by batch: the ledger says who is done; the others are
 * planned and rendered, written to every sink, their `sent` interactions published, and only
 * then recorded in the ledger. A crash anywhere before the record leaves them to the next run,
 * which produces the same bytes again; nobody is recorded whose mail is not durable.
 */
export class EditionRun {
  constructor(
    private readonly parts: EditionRunParts,
    private readonly options: EditionRunOptions,
  ) {}

  async run(): Promise<EditionCounts> {
    const counts = emptyCounts();
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    const launch = (batch: readonly Subscriber[]): void => {
      const done = this.handle(batch, counts).catch((error: unknown) => {
        failure ??= error;
      });
      const tracked = done.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    };
    let batch: Subscriber[] = [];
    for await (const subscriber of this.parts.source.subscribers()) {
      counts.read += 1;
      batch.push(subscriber);
      if (batch.length < this.options.batchSize) continue;
      launch(batch);
      batch = [];
      while (inFlight.size >= this.options.batchesInFlight) await Promise.race(inFlight);
      if (failure) break;
    }
    if (!failure && batch.length) launch(batch);
    await Promise.all(inFlight);
    if (failure) throw failure;
    return counts;
  }

  private async handle(batch: readonly Subscriber[], counts: EditionCounts): Promise<void> {
    const { planner, sinks, ledger, sent } = this.parts;
    const { edition } = this.options;
    const done = await ledger.done(
      edition,
      batch.map((s) => s.userId),
    );
    const tasks: PlanTask[] = [];
    for (const subscriber of batch) {
      if (done.has(subscriber.userId)) counts.alreadyDone += 1;
      else tasks.push({ subscriber, seeds: planner.seedsOf(subscriber) });
    }
    const produced: NewsletterMessage[] = [];
    for (const outcome of tasks.length ? await this.parts.produce(tasks) : []) {
      if (outcome.kind === 'skipped') counts.skipped[outcome.reason] += 1;
      else produced.push(outcome.message);
    }
    if (produced.length) {
      await Promise.all(sinks.map((sink) => sink.write(produced)));
      await sent?.record(produced, this.options.now());
      await ledger.record(
        edition,
        produced.map((n) => ({ userId: n.userId, contentHash: n.contentHash })),
      );
      counts.produced += produced.length;
    }
    this.options.onProgress?.(counts);
  }
}
