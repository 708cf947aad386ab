import type { Headers, IncomingMessage, OutgoingMessage } from '@marquee/domain';
import type { IHeaders, KafkaMessage, Message } from 'kafkajs';

/** Kafka allows repeated header keys; the port keeps one value per key, the last one written. */
export const decodeHeaders = (headers: IHeaders | undefined): Headers => {
  const decoded: Headers = {};
  for (const [key, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value !== undefined) decoded[key] = value.toString();
  }
  return decoded;
};

export const toIncomingMessage = (topic: string, partition: number, message: KafkaMessage): IncomingMessage => ({
  topic,
  partition,
  offset: message.offset,
  key: message.key === null ? null : message.key.toString(),
  value: message.value,
  headers: decodeHeaders(message.headers),
  timestamp: message.timestamp,
});

export const toKafkaMessage = ({ key, value, headers }: OutgoingMessage): Message => ({
  key,
  value,
  ...(headers && Object.keys(headers).length ? { headers } : {}),
});
