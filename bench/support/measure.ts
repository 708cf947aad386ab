import { performance } from 'node:perf_hooks';

/** Share of the exact ids that the approximate answer found. */
export const recall = (found: readonly { id: string }[], exact: readonly { id: string }[]): number => {
  if (exact.length === 0) return 1;
  const truth = new Set(exact.map((n) => n.id));
  return found.filter((n) => truth.has(n.id)).length / exact.length;
};

export const mean = (values: readonly number[]): number =>
  values.length === 0 ? Number.NaN : values.reduce((sum, v) => sum + v, 0) / values.length;

/** Nearest-rank percentile, p in [0, 100]. */
export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

/** Calls `work` once per item and keeps each answer with its wall time in ms. */
export const timed = <T, R>(items: readonly T[], work: (item: T) => R, onEach?: () => void): { answers: R[]; ms: number[] } => {
  const answers: R[] = [];
  const ms: number[] = [];
  for (const item of items) {
    const started = performance.now();
    answers.push(work(item));
    ms.push(performance.now() - started);
    onEach?.();
  }
  return { answers, ms };
};

export const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

/** Rows as aligned columns: the first row is the header. */
export const table = (rows: readonly (readonly (string | number)[])[]): string => {
  const cells = rows.map((row) => row.map(String));
  const widths = cells[0].map((_, c) => Math.max(...cells.map((row) => (row[c] ?? '').length)));
  const line = (row: string[]) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
};
