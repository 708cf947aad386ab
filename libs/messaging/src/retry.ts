export interface RetryPolicy {
  /** Tries in all, the first one included. */
  attempts: number;
  /** Wait before the second try; it doubles with every further try, up to `maxDelayMs`. */
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface RetryOptions {
  /** Whether another try can help; by default every failure is tried again. */
  retriable?: (error: unknown) => boolean;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** Aborting ends the waiting: the last failure is thrown at once. */
  signal?: AbortSignal;
}

export const backoffDelay = (policy: RetryPolicy, attempt: number): number =>
  Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));

/** Resolves after `ms`, or false as soon as the signal aborts. */
const pause = (ms: number, signal?: AbortSignal): Promise<boolean> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Runs `operation` until it succeeds or the policy's tries are spent, with exponential backoff in between. */
export const retrying = async <T>(operation: () => Promise<T>, policy: RetryPolicy, options: RetryOptions = {}): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= policy.attempts || options.signal?.aborted || !(options.retriable?.(error) ?? true)) throw error;
      const delay = backoffDelay(policy, attempt);
      options.onRetry?.(error, attempt, delay);
      if (!(await pause(delay, options.signal))) throw error;
    }
  }
};

export const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error));
