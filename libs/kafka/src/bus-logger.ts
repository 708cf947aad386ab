/** `message (key=value, ...)` with string values unquoted and everything else as JSON. */
export const withDetails = (message: string, details: Record<string, unknown>): string => {
  const parts = Object.entries(details)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : safeJson(value)}`);
  return parts.length ? `${message} (${parts.join(', ')})` : message;
};

const safeJson = (value: unknown): string => {
  if (value instanceof Error) return value.message;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};
