/** No legitimate query of this API comes near it; a longer one is abuse or a bug. */
export const MAX_QUERY_STRING_BYTES = 8 * 1024;

/** Why a request URL's query string is refused (414), or undefined when it is short enough. */
export const queryStringTooLong = (url: string): string | undefined => {
  const start = url.indexOf('?');
  if (start === -1 || url.length - start - 1 <= MAX_QUERY_STRING_BYTES / 3) return undefined;
  const length = Buffer.byteLength(url) - Buffer.byteLength(url.slice(0, start + 1));
  return length > MAX_QUERY_STRING_BYTES ? `query string is ${length} bytes, the limit is ${MAX_QUERY_STRING_BYTES}` : undefined;
};
