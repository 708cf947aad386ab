const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) of an instant on the wall clocks of a time zone. */
export const localDate = (epochMs: number, timeZone: string): string => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // en-CA formats dates as YYYY-MM-DD.
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(epochMs);
};

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A bound of the date window: a calendar day compared with each screening's local date, or an instant. */
export type WindowBound = { kind: 'day'; day: string } | { kind: 'instant'; epochMs: number };

export const parseWindowBound = (value: string): WindowBound =>
  DATE_ONLY.test(value) ? { kind: 'day', day: value } : { kind: 'instant', epochMs: Date.parse(value) };
