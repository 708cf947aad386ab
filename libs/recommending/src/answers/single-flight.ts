/**
 * At most one computation per key at a time in this process: callers arriving while one runs
 * share its promise (stampede protection for cache misses).
 */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  /** `shared` tells whether this caller joined a computation another caller started. */
  run(key: string, compute: () => Promise<T>): { value: Promise<T>; shared: boolean } {
    const pending = this.inFlight.get(key);
    if (pending) return { value: pending, shared: true };
    const value = compute().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, value);
    return { value, shared: false };
  }
}
