import { createHash } from 'node:crypto';

/** JSON with object keys sorted and undefined dropped, so equal options always give equal text. */
const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};

/** A short, fixed-length digest of normalised query options for cache keys. */
export const optionsHash = (options: unknown): string =>
  createHash('sha256').update(canonicalJson(options)).digest('base64url').slice(0, 22);
