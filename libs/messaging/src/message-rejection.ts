/**
 * Kafka protocol errors that condemn the messages of a produce request rather than the cluster:
 * sent again, the same messages fail the same way. Any other publish failure (a broker away, a
 * timeout, no leader) is taken for an outage, which passes.
 */
const MESSAGE_REJECTIONS = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_RECORD', 'INVALID_TIMESTAMP']);

/**
 * Whether a publish failed because of the messages themselves. The `EventBus` port has no error
 * taxonomy of its own, so this reads the Kafka protocol error type (kafkajs wraps it in `cause`s).
 */
export const isMessageRejection = (error: unknown): boolean => {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { type, cause } = current as { type?: unknown; cause?: unknown };
    if (typeof type === 'string' && MESSAGE_REJECTIONS.has(type)) return true;
    current = cause;
  }
  return false;
};
