import { SingleBar } from 'cli-progress';
import type { EditionCounts } from '@marquee/newsletter';

/**
 * The run's progress on stderr (stdout keeps the summary): subscribers handled out of the total when
 * it is known, their rate and the time left. Without a terminal it prints a line every few seconds.
 */
export const editionProgress = (total: number | undefined) => {
  const bar = new SingleBar({
    format: `newsletter [{bar}] {value}/{total} subscribers | {rate}/s | ETA {eta_formatted} | produced {produced}, done before {alreadyDone}, skipped {skipped}`,
    stream: process.stderr,
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 5_000,
    etaBuffer: 50,
  });
  const startedAt = Date.now();
  bar.start(total ?? 0, 0, { rate: 0, produced: 0, alreadyDone: 0, skipped: 0 });
  return {
    update(counts: EditionCounts): void {
      const handled = counts.produced + counts.alreadyDone + Object.values(counts.skipped).reduce((a, b) => a + b, 0);
      const seconds = Math.max(0.001, (Date.now() - startedAt) / 1_000);
      if (total === undefined) bar.setTotal(Math.max(handled, counts.read));
      bar.update(handled, {
        rate: Math.round(handled / seconds),
        produced: counts.produced,
        alreadyDone: counts.alreadyDone,
        skipped: Object.values(counts.skipped).reduce((a, b) => a + b, 0),
      });
    },
    stop(): void {
      bar.stop();
    },
  };
};
