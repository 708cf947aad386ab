import { z } from 'zod';
import { FeedbackInputSchema, parseJson, validate, type FeedbackInput, type ParseResult } from '@marquee/domain';

const FeedbackBatchSchema = z.array(FeedbackInputSchema).min(1).max(50);

/** One interaction, or a batch (a widget may report the impressions of a whole list at once): for the docs. */
export const FeedbackSchema = z.union([FeedbackInputSchema, FeedbackBatchSchema]);

/**
 * Validates a feedback body against the schema its shape calls for, so errors name the field.
 * sendBeacon and no-preflight fetches send JSON as text/plain, which arrives as a string.
 */
export const parseFeedback = (body: unknown): ParseResult<FeedbackInput[]> => {
  if (typeof body === 'string') {
    const decoded = parseJson(z.unknown(), body);
    return decoded.ok ? parseFeedback(decoded.value) : decoded;
  }
  if (Array.isArray(body)) return validate(FeedbackBatchSchema, body);
  const one = validate(FeedbackInputSchema, body);
  return one.ok ? { ok: true, value: [one.value] } : one;
};
