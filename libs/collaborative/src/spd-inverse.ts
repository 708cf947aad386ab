/**
 * Inverts a symmetric positive definite n×n matrix in place (row-major), by Gauss-Jordan
 * elimination without pivoting (a positive definite matrix needs none). Kept here rather than
 * taken from a matrix library: it runs on the Float64Array the Gram matrix is built in, with
 * contiguous inner loops, where libraries copy a matrix of tens of megabytes into nested arrays.
 */
export function invertSymmetricPositiveDefinite(a: Float64Array, n: number): void {
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
  }
}
