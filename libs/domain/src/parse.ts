import { type z } from 'zod';

/**
 * The one size limit of a message (film event, interaction) in bytes of its JSON: the HTTP edge
 * answers 413 above it and consumers dead-letter above it, both with `eventTooLarge`'s reason.
 */
export const MAX_EVENT_BYTES = 1_000_000;

/** Why a message over `MAX_EVENT_BYTES` is refused, at the HTTP edge and in a consumer alike; `bytes` unknown: a body cut off at the limit. */
export const eventTooLarge = (bytes?: number): string =>
  `${bytes === undefined ? 'message is over the limit' : `message is ${bytes} bytes`}, the limit is ${MAX_EVENT_BYTES} bytes (1 MB)`;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/**
 * Text in which no key can spell a forbidden one: none of them appears, not even escaped (`\u`).
 * Such text is parsed without a reviver, which costs as much as the parse itself.
 */
const MAY_HOLD_FORBIDDEN_KEY = /__proto__|constructor|prototype|\\u/;

/** Describes zod issues as one line naming each offending field. */
export const describeIssues = (error: z.ZodError): string =>
  error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');

/** Validates an already-decoded value against a schema, with a readable reason on failure. */
export const validate = <S extends z.ZodType>(schema: S, value: unknown): ParseResult<z.infer<S>> => {
  const result = schema.safeParse(value);
  return result.success ? { ok: true, value: result.data } : { ok: false, reason: describeIssues(result.error) };
};

/**
 * Decodes JSON bytes from an untrusted source (Kafka, HTTP) and validates them.
 * Prototype-polluting keys are refused outright rather than silently dropped.
 */
export const parseJson = <S extends z.ZodType>(schema: S, raw: Buffer | string | null | undefined): ParseResult<z.infer<S>> => {
  if (raw === null || raw === undefined) return { ok: false, reason: 'empty message' };
  const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
  if (size > MAX_EVENT_BYTES) return { ok: false, reason: eventTooLarge(size) };
  let forbidden: string | undefined;
  let decoded: unknown;
  try {
    const text = raw.toString();
    decoded = MAY_HOLD_FORBIDDEN_KEY.test(text)
      ? JSON.parse(text, (key, value) => {
          if (FORBIDDEN_KEYS.has(key)) forbidden = key;
          return value;
        })
      : JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `malformed JSON: ${(error as Error).message}` };
  }
  if (forbidden) return { ok: false, reason: `forbidden key "${forbidden}"` };
  return validate(schema, decoded);
};
