/**
 * A publish the event bus could not acknowledge in time (every broker down, no leader): nothing
 * says it was stored. Producers answer "try again later" (HTTP 503 with Retry-After) rather than fail.
 */
export class EventBusUnavailableError extends Error {
  override readonly name = 'EventBusUnavailableError';

  constructor(
    readonly topic: string,
    readonly retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super(`the event bus did not acknowledge a publish to ${topic}`, options);
  }
}
