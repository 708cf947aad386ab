import { Counter, type Registry } from 'prom-client';

interface ScrapedCounterOptions {
  name: string;
  help: string;
  /** The label that tells the totals apart; without one, `read` returns a single total under ''. */
  labelName?: string;
  /** Totals the application keeps itself: monotonic, from zero at start. */
  read: () => Record<string, number>;
}

/**
 * A Prometheus counter of totals the application keeps itself: at every scrape it is advanced by
 * how much each total grew since the last one, so it exports as a counter (`rate()` works, a reset
 * is a restart) without the code that counts knowing about metrics.
 */
export const scrapedCounter = (registry: Registry, { name, help, labelName, read }: ScrapedCounterOptions): Counter<string> => {
  const reported = new Map<string, number>();
  return new Counter({
    name,
    help,
    labelNames: labelName ? [labelName] : [],
    registers: [registry],
    collect() {
      for (const [label, total] of Object.entries(read())) {
        const grown = total - (reported.get(label) ?? 0);
        if (grown < 0) continue;
        // Zero too: every label is exported from the first scrape on.
        if (labelName) this.inc({ [labelName]: label }, grown);
        else this.inc(grown);
        reported.set(label, total);
      }
    },
  });
};
