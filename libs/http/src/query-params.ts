import { z } from 'zod';

/** A query parameter given once: a repeat (`?q=a&q=b`, which arrives as a list) is named as such, not as missing. */
const once =
  (expected: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? 'is required' : Array.isArray(issue.input) ? 'give it once, not repeated' : expected;

/** A text query parameter, given once. */
export const textParam = () => z.string({ error: once('must be text') });

/**
 * The one parser of numeric query parameters: decimal digits with an optional fraction, nothing
 * else (no `0x10`, `1e2`, ` 5` or empty string, which `Number` and `z.coerce` accept), given once.
 */
export const decimalParam = (min: number, max: number) =>
  z
    .string({ error: once('must be a number') })
    .regex(/^-?\d+(\.\d+)?$/, 'must be a number in decimal digits, such as 12 or 0.5')
    .transform(Number)
    .pipe(z.number().min(min).max(max));

/** A whole number in decimal digits, given once. */
export const wholeNumberParam = (min: number, max: number) =>
  z
    .string({ error: once('must be a whole number') })
    .regex(/^\d+$/, 'must be a whole number in decimal digits, such as 12')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
