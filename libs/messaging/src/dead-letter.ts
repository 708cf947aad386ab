import type { Headers, IncomingMessage, OutgoingMessage } from '@marquee/domain';

export const DeadLetterHeaders = {
  reason: 'dlq-reason',
  sourceTopic: 'dlq-source-topic',
  sourcePartition: 'dlq-source-partition',
  sourceOffset: 'dlq-source-offset',
  failedAt: 'dlq-failed-at',
  /** Set when the dead-letter topic refused the original bytes: their length, of which the value keeps the start. */
  truncatedFromBytes: 'dlq-truncated-from-bytes',
} as const;

/** What a truncated dead letter keeps of the original value. */
export const TRUNCATED_DEAD_LETTER_BYTES = 64 * 1024;

const MAX_REASON_LENGTH = 2_000;

const provenance = (message: IncomingMessage, reason: string, now: Date): Headers => ({
  [DeadLetterHeaders.reason]: reason.slice(0, MAX_REASON_LENGTH),
  [DeadLetterHeaders.sourceTopic]: message.topic,
  [DeadLetterHeaders.sourcePartition]: String(message.partition),
  [DeadLetterHeaders.sourceOffset]: message.offset,
  [DeadLetterHeaders.failedAt]: now.toISOString(),
});

/** Wraps a rejected message for the dead-letter topic: original key, bytes and headers, plus why and where from. */
export const toDeadLetter = (message: IncomingMessage, reason: string, now: Date): OutgoingMessage => ({
  key: message.key ?? '',
  value: message.value ?? Buffer.alloc(0),
  headers: { ...message.headers, ...provenance(message, reason, now) },
});

/**
 * The fallback when the dead-letter topic refuses a dead letter: the start of the value and only
 * the dead-letter headers (the original ones may be what is too large). The source offset still
 * leads to the whole message for as long as the source topic keeps it.
 */
export const toTruncatedDeadLetter = (message: IncomingMessage, reason: string, now: Date): OutgoingMessage => {
  const value = message.value ?? Buffer.alloc(0);
  return {
    key: (message.key ?? '').slice(0, 1_000),
    value: value.subarray(0, TRUNCATED_DEAD_LETTER_BYTES),
    headers: { ...provenance(message, reason, now), [DeadLetterHeaders.truncatedFromBytes]: String(value.length) },
  };
};
