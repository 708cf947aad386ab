import type { z } from 'zod';
import { parseJson, type IncomingMessage, type ParseResult } from '@marquee/domain';

/** A message a consumer gives up on, with why: it goes to the dead-letter topic. */
export interface RejectedMessage {
  message: IncomingMessage;
  reason: string;
}

/** What a schema cannot see about a message (its key, say): why it is refused, or undefined. */
export type MessageCheck<T> = (value: T, message: IncomingMessage) => string | undefined;

/**
 * A message's value against its topic's one schema, with the limits every edge shares (size,
 * prototype-polluting keys), then `check`; a refusal names the field or the limit.
 */
export const parseMessage = <S extends z.ZodType>(
  schema: S,
  message: IncomingMessage,
  check?: MessageCheck<z.infer<S>>,
): ParseResult<z.infer<S>> => {
  const parsed = parseJson(schema, message.value);
  if (!parsed.ok || !check) return parsed;
  const problem = check(parsed.value, message);
  return problem === undefined ? parsed : { ok: false, reason: problem };
};
