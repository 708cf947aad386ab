/**
 * Inverts a symmetric positive definite n×n matrix in place (row-major), by Gauss-Jordan
 * elimination without pivoting (a positive definite matrix needs none). Kept here rather than
 * taken from a matrix library: it runs on the Float64Array the Gram matrix is built in, with
 * contiguous inner loops, where libraries copy a matrix of tens of megabytes into nested arrays.
 * A generator: it yields after each elimination step, so a caller can let other work run between them.
 */
function* eliminate(a: Float64Array, n: number): Generator<number, void> {
  if (a.length !== n * n) throw new RangeError(`expected ${n * n} entries, got ${a.length}`);
  for (let k = 0; k < n; k++) {
    const rowK = k * n;
    const pivot = a[rowK + k];
    if (!(pivot > 0)) throw new RangeError(`matrix is not positive definite (pivot ${pivot} at ${k})`);
    const inv = 1 / pivot;
    a[rowK + k] = 1;
    for (let j = 0; j < n; j++) a[rowK + j] *= inv;
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const rowI = i * n;
      const f = a[rowI + k];
      if (f === 0) continue;
      a[rowI + k] = 0;
      for (let j = 0; j < n; j++) a[rowI + j] -= f * a[rowK + j];
    }
    yield k;
  }
}

export function invertSymmetricPositiveDefinite(a: Float64Array, n: number): void {
  for (const step of eliminate(a, n)) void step;
}

/** Multiply-adds between two yields to the event loop: a few milliseconds of work. */
const WORK_PER_SLICE = 4_000_000;

/**
 * The same inversion, letting the event loop run every few milliseconds: a refit over thousands of
 * films takes seconds to a minute, and a consumer must keep its heartbeats and health checks going.
 */
export async function invertSymmetricPositiveDefiniteCooperatively(a: Float64Array, n: number): Promise<void> {
  const stepsPerSlice = Math.max(1, Math.floor(WORK_PER_SLICE / Math.max(1, n * n)));
  let steps = 0;
  for (const step of eliminate(a, n)) {
    void step;
    if (++steps % stepsPerSlice === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
