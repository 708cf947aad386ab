import { SingleBar } from 'cli-progress';

/** A progress bar on stderr, so stdout keeps only the results; prints a line a second without a terminal. */
export const progressBar = (label: string, total: number, unit = ''): SingleBar => {
  const bar = new SingleBar({
    format: `${label.padEnd(34)} [{bar}] {value}/{total}${unit ? ` ${unit}` : ''} | {duration}s`,
    stream: process.stderr,
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 1_000,
  });
  bar.start(total, 0);
  return bar;
};

/** Runs `work` behind a one-step progress bar (for steps without inner progress). */
export const step = async <T>(label: string, work: () => Promise<T> | T): Promise<T> => {
  const bar = progressBar(label, 1);
  try {
    return await work();
  } finally {
    bar.increment();
    bar.stop();
  }
};
