import { logLevel, type LogEntry } from 'kafkajs';
import { KafkaLogCreator } from './kafka-log-creator';

const entry = (namespace: string, level: logLevel, message: string, extra: Record<string, unknown> = {}): LogEntry => ({
  namespace,
  level,
  label: logLevel[level],
  log: { timestamp: '2026-01-01T00:00:00.000Z', message, ...extra },
});

const capture = (verbose = false) => {
  const lines: string[] = [];
  const logger = {
    error: (m: string) => lines.push(`error ${m}`),
    warn: (m: string) => lines.push(`warn ${m}`),
    log: (m: string) => lines.push(`info ${m}`),
    debug: (m: string) => lines.push(`debug ${m}`),
  };
  return { lines, log: KafkaLogCreator(logger, { verbose })(logLevel.INFO) };
};

describe('KafkaLogCreator', () => {
  it('passes errors and warnings on with their context', () => {
    const { lines, log } = capture();
    log(entry('Consumer', logLevel.ERROR, 'Caught error when disconnecting the consumer', { groupId: 'indexer', stack: 'long' }));
    log(entry('Cluster', logLevel.WARN, 'Metadata is stale', { topic: 'film-events', partition: 3 }));
    expect(lines).toEqual([
      'error kafkajs Consumer: Caught error when disconnecting the consumer (groupId=indexer)',
      'warn kafkajs Cluster: Metadata is stale (topic=film-events, partition=3)',
    ]);
  });

  it('drops info and the entries that repeat on every retry', () => {
    const { lines, log } = capture();
    log(entry('Consumer', logLevel.INFO, 'Starting'));
    log(entry('Connection', logLevel.ERROR, 'Connection error: connect ECONNREFUSED'));
    log(entry('BrokerPool', logLevel.ERROR, 'Failed to connect to seed broker'));
    log(entry('Producer', logLevel.ERROR, 'Failed to send messages: Connection error'));
    log(entry('Runner', logLevel.ERROR, 'Error when calling eachBatch'));
    log(entry('Runner', logLevel.WARN, 'The group is rebalancing, re-joining'));
    expect(lines).toEqual([]);
  });

  it('reports a consumer crash that kafkajs recovers from as a warning', () => {
    const { lines, log } = capture();
    log(entry('Consumer', logLevel.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded: broker gone', { retryCount: 5 }));
    log(entry('Consumer', logLevel.ERROR, 'Restarting the consumer in 300ms'));
    expect(lines).toEqual(['warn kafkajs Consumer: Crash: KafkaJSNumberOfRetriesExceeded: broker gone (retryCount=5)']);
  });

  it('shows routine and repeated entries when verbose', () => {
    const { lines, log } = capture(true);
    log(entry('Runner', logLevel.WARN, 'The group is rebalancing, re-joining', { groupId: 'g' }));
    log(entry('Connection', logLevel.ERROR, 'Connection error'));
    expect(lines).toEqual([
      'info kafkajs Runner: The group is rebalancing, re-joining (groupId=g)',
      'debug kafkajs Connection: Connection error',
    ]);
  });
});
