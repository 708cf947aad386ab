import type { Headers, IncomingMessage, OutgoingMessage } from '@marquee/domain';

export const DeadLetterHeaders = {
  reason: 'dlq-reason',
  sourceTopic: 'dlq-source-topic',
  sourcePartition: 'dlq-source-partition',
  sourceOffset: 'dlq-source-offset',
  failedAt: 'dlq-failed-at',
} as const;

/** Wraps a rejected message for the dead-letter topic: original key, bytes and headers, plus why and where from. */
export const toDeadLetter = (message: IncomingMessage, reason: string, now: Date): OutgoingMessage => {
  const headers: Headers = {
    ...message.headers,
    [DeadLetterHeaders.reason]: reason.slice(0, 2000),
    [DeadLetterHeaders.sourceTopic]: message.topic,
    [DeadLetterHeaders.sourcePartition]: String(message.partition),
    [DeadLetterHeaders.sourceOffset]: message.offset,
    [DeadLetterHeaders.failedAt]: now.toISOString(),
  };
  return { key: message.key ?? '', value: message.value ?? Buffer.alloc(0), headers };
};
