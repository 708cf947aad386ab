export { retryingAttempts, type Attempts, type AttemptsOptions } from './attempts';
export { DeadLetterHeaders, TRUNCATED_DEAD_LETTER_BYTES } from './dead-letter';
export { DeadLetterer, type DeadLettererOptions } from './dead-letterer';
export { embedIsolating, publishIsolating, type Embedding } from './failure-isolation';
export { MessageConsumer, MessageRejectedError, type MessageConsumerCounters, type MessageConsumerOptions } from './message-consumer';
export { isMessageRejection } from './message-rejection';
export { parseMessage, type MessageCheck, type RejectedMessage } from './parse-message';
export { describeError, retrying, type RetryOptions, type RetryPolicy } from './retry';
