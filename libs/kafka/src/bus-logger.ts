/**
 * What the adapters log through: one formatted line per call, so a Nest `Logger`, a pino
 * logger or `console` all fit without an adapter.
 */
export interface BusLogger {
  error(message: string): void;
  warn(message: string): void;
  info?(message: string): void;
  /** Nest's loggers call the info level `log`. */
  log?(message: string): void;
  debug?(message: string): void;
}

export const consoleBusLogger: BusLogger = {
  error: (message) => console.error(message),
  warn: (message) => console.warn(message),
};

export const logInfo = (logger: BusLogger, message: string): void => {
  if (logger.info) logger.info(message);
  else logger.log?.(message);
};

/** `message (key=value, ...)` with string values unquoted and everything else as JSON. */
export const withDetails = (message: string, details: Record<string, unknown>): string => {
  const parts = Object.entries(details)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : safeJson(value)}`);
  return parts.length ? `${message} (${parts.join(', ')})` : message;
};

const safeJson = (value: unknown): string => {
  if (value instanceof Error) return value.message;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};
