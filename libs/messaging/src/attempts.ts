import type { LoggerPort } from '@marquee/domain';
import { isMessageRejection } from './message-rejection';
import { describeError, retrying, type RetryPolicy } from './retry';

export interface Attempts {
  /** Runs `operation` with the retry policy, `tries` times at most (the policy's count by default). */
  run<T>(what: string, operation: () => Promise<T>, tries?: number): Promise<T>;
  /** The policy's count of tries. */
  readonly tries: number;
  /** True once shutting down: nothing is blamed on a message then, the failure is thrown. */
  stopped(): boolean;
}

export interface AttemptsOptions {
  /** Aborted when the consumer stops: a failure is thrown at once instead of waited out. */
  signal: AbortSignal;
  logger: LoggerPort;
  /** Whether another try can help; a message the broker refused for what it is never is. */
  retriable?: (error: unknown) => boolean;
  /** Hears of every retry (counters). */
  onRetry?: () => void;
}

/** Attempts with the policy's exponential backoff, each retry logged as a warning. */
export const retryingAttempts = (policy: RetryPolicy, options: AttemptsOptions): Attempts => {
  const retriable = options.retriable ?? ((error: unknown) => !isMessageRejection(error));
  return {
    tries: policy.attempts,
    stopped: () => options.signal.aborted,
    run: (what, operation, tries = policy.attempts) =>
      retrying(
        operation,
        { ...policy, attempts: tries },
        {
          signal: options.signal,
          retriable,
          onRetry: (error, attempt, delayMs) => {
            options.onRetry?.();
            options.logger.warn(`${what} failed (try ${attempt} of ${tries}), trying again in ${delayMs} ms: ${describeError(error)}`);
          },
        },
      ),
  };
};
