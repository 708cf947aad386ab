/**
 * The cache backend could not answer (down, reconnecting or too slow).
 * Callers treat it as a miss on reads and skip writes, logging a warning.
 */
export class CacheUnavailableError extends Error {
  override readonly name = 'CacheUnavailableError';

  constructor(operation: string, status: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Cache unavailable: ${operation} failed while Redis connection is "${status}": ${reason}`, { cause });
  }
}
