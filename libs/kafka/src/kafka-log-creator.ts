import { logLevel, type LogEntry, type logCreator } from 'kafkajs';
import type { LoggerPort } from '@marquee/domain';
import { withDetails } from './bus-logger';

/**
 * Entries that repeat on every retry of something that is reported anyway: connection errors
 * while a broker is away, each failed attempt of a send (the publish rejects once retries are
 * spent), and kafkajs' report of a failed batch (the adapter logs the handler's error with its batch).
 */
const isNoise = ({ namespace, log }: LogEntry): boolean =>
  namespace === 'Connection' ||
  namespace === 'BrokerPool' ||
  (namespace === 'Producer' && log.message.startsWith('Failed to send messages')) ||
  log.message === 'Error when calling eachBatch' ||
  log.message.startsWith('KafkaJS v2.0.0 switched default partitioner');

/** Routine: a member joined or left, or a consumer restarts after a crash already logged as a warning. */
const isRoutine = ({ log }: LogEntry): boolean =>
  log.message === 'The group is rebalancing, re-joining' || log.message.startsWith('Restarting the consumer in');

/** A consumer crash is followed by a restart; the adapter logs an error itself when none follows. */
const isRecoverable = ({ namespace, log }: LogEntry): boolean => namespace === 'Consumer' && log.message.startsWith('Crash: ');

const DETAIL_KEYS = ['groupId', 'topic', 'partition', 'broker', 'retryCount', 'retryTime', 'error'] as const;

/** Routes kafkajs logs to a logger: errors and warnings as such, info and debug dropped unless asked. */
export const KafkaLogCreator =
  (logger: LoggerPort, { verbose = false }: { verbose?: boolean } = {}): logCreator =>
  () =>
  (entry) => {
    if (isNoise(entry)) {
      if (verbose) logger.debug(format(entry));
      return;
    }
    const level = isRoutine(entry) ? logLevel.INFO : isRecoverable(entry) ? logLevel.WARN : entry.level;
    if (level === logLevel.ERROR || level === logLevel.NOTHING) logger.error(format(entry));
    else if (level === logLevel.WARN) logger.warn(format(entry));
    else if (verbose && level === logLevel.INFO) logger.log(format(entry));
    else if (verbose) logger.debug(format(entry));
  };

const format = ({ namespace, log }: LogEntry): string => {
  const details = Object.fromEntries(DETAIL_KEYS.map((key) => [key, log[key]]));
  return withDetails(`kafkajs ${namespace}: ${log.message}`, details);
};
