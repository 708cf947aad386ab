import type { LoggerOptions } from 'pino';

export const REDACTED = '[REDACTED]';

/** Query parameter names that carry credentials: api_key, apiKey, access_token, X-Amz-Signature, password, ... */
const SECRET_NAME = /key|token|secret|passw|signature|^sig$|auth|credential|session|cookie/i;

/** `?name=value` / `&name=value` pairs anywhere in a text: a URL, or a message that quotes one. */
const QUERY_PAIR = /([?&;])([^=&;#\s"'?]+)=([^&;#\s"']*)/g;

const decodedName = (name: string): string => {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
};

/** The text with the value of every credential-like query parameter replaced by [REDACTED]. */
export const redactSecrets = (text: string): string =>
  text.includes('=')
    ? text.replace(QUERY_PAIR, (pair, separator: string, name: string) =>
        SECRET_NAME.test(decodedName(name)) ? `${separator}${name}=${REDACTED}` : pair,
      )
    : text;

/** Headers never written to a log, wherever a request or response object is logged. */
const SECRET_HEADERS = ['authorization', '["x-api-key"]', 'cookie', '["set-cookie"]', '["proxy-authorization"]'];
const HEADER_PATHS = ['req.headers', 'res.headers', 'headers', '*.headers'].flatMap((base) =>
  SECRET_HEADERS.map((header) => (header.startsWith('[') ? `${base}${header}` : `${base}.${header}`)),
);

const redactRequest = (request: unknown): unknown =>
  request && typeof request === 'object' && 'url' in request && typeof request.url === 'string'
    ? { ...request, url: redactSecrets(request.url) }
    : request;

/**
 * What every Marquee logger redacts, in every line: credential headers (pino's redact), credential
 * query parameters in a logged request's URL (its serializer) and in any message text (a log-method hook).
 */
export const redactingLoggerOptions: Pick<LoggerOptions, 'redact' | 'serializers' | 'hooks'> = {
  redact: { paths: HEADER_PATHS, censor: REDACTED },
  serializers: { req: redactRequest },
  hooks: {
    logMethod(args, method) {
      const redacted = args.map((arg: unknown) => (typeof arg === 'string' ? redactSecrets(arg) : arg));
      method.apply(this, redacted as Parameters<typeof method>);
    },
  },
};
