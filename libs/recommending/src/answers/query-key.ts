import { createHash, hash } from 'node:crypto';

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
export const optionsHash = (options: unknown): string => sha256(canonicalJson(options)).slice(0, 22);

/** crypto.hash (Node ≥ 20.12) skips creating a Hash object per call. */
const sha256 = (text: string): string =>
  typeof hash === 'function' ? hash('sha256', text, 'base64url') : createHash('sha256').update(text).digest('base64url');
