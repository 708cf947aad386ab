import { z } from 'zod';
import { UserInteractionInputSchema, validate, type ParseResult, type UserInteractionInput } from '@marquee/domain';

/** Interactions per `POST /interactions` request: a server sends history in batches. */
export const MAX_INTERACTIONS_PER_REQUEST = 500;

const InteractionBatchSchema = z.array(UserInteractionInputSchema).min(1).max(MAX_INTERACTIONS_PER_REQUEST);

/** One interaction or a batch: for the docs. */
export const InteractionsSchema = z.union([UserInteractionInputSchema, InteractionBatchSchema]);

/** Validates a body against the schema its shape calls for, so errors name the field (and the item of a batch). */
export const parseInteractions = (body: unknown): ParseResult<UserInteractionInput[]> => {
  if (Array.isArray(body)) return validate(InteractionBatchSchema, body);
  const one = validate(UserInteractionInputSchema, body);
  return one.ok ? { ok: true, value: [one.value] } : one;
};
