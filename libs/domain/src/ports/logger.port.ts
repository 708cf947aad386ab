/**
 * What every lib logs through: one formatted line per call. Nest's `Logger` and `console` satisfy
 * it as they are, so apps hand theirs in at the edges and libs never import a logging framework.
 */
export interface LoggerPort {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}
