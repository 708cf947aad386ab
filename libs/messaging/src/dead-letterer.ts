import type { EventBus, LoggerPort, OutgoingMessage } from '@marquee/domain';
import type { Attempts } from './attempts';
import { toDeadLetter, toTruncatedDeadLetter } from './dead-letter';
import { publishIsolating } from './failure-isolation';
import type { RejectedMessage } from './parse-message';
import { describeError } from './retry';

export interface DeadLettererOptions {
  bus: Pick<EventBus, 'publish'>;
  /** The dead-letter topic, e.g. `film-events.dlq`. */
  topic: string;
  attempts: Attempts;
  logger: LoggerPort;
}

/** Sends rejected messages to a dead-letter topic; resolves once the topic acknowledged them all. */
export class DeadLetterer {
  constructor(private readonly options: DeadLettererOptions) {}

  /**
   * Dead-letters with the original bytes. A dead letter the broker refuses (bigger than the topic
   * allows, say) goes again with its value cut short, and the headers still say why and where from.
   */
  async send(rejected: RejectedMessage[], now: Date): Promise<void> {
    const { bus, topic, attempts, logger } = this.options;
    const what = `publishing to ${topic}`;
    const publish = (letters: OutgoingMessage[]) => bus.publish(topic, letters);
    // Counted by the consumers' metrics, and said here: which message, why, where it went.
    for (const { message, reason } of rejected) {
      const key = message.key === null ? 'no key' : `key ${JSON.stringify(message.key.slice(0, 200))}`;
      logger.warn(`dead-lettering ${message.topic}[${message.partition}]@${message.offset} (${key}) to ${topic}: ${reason.slice(0, 500)}`);
    }
    const refused = await publishIsolating(
      what,
      rejected,
      (items) => publish(items.map((r) => toDeadLetter(r.message, r.reason, now))),
      () => undefined,
      attempts,
    );
    for (const { item, error } of refused) {
      logger.warn(
        `dead letter of ${item.message.topic}[${item.message.partition}]@${item.message.offset} refused (${describeError(error)}); sending it truncated`,
      );
      await attempts.run(what, () => publish([toTruncatedDeadLetter(item.message, item.reason, now)]));
    }
  }
}
