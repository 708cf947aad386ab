/** A calendar day in some time zone, with month 1-12. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** Wall-clock fields of an instant in a time zone, independent of the process's TZ. */
const wallClock = (epochMs: number, timeZone: string) => {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return fields as { year: number; month: number; day: number; hour: number; minute: number; second: number };
};

const offsetMinutesAt = (epochMs: number, timeZone: string): number => {
  const t = wallClock(epochMs, timeZone);
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
};

export const localDateOf = (instant: Date, timeZone: string): LocalDate => {
  const { year, month, day } = wallClock(instant.getTime(), timeZone);
  return { year, month, day };
};

export const addDays = (date: LocalDate, days: number): LocalDate => {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
};

/** 0 = Sunday ... 6 = Saturday. */
export const weekdayOf = (date: LocalDate): number => new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();

/** The instant at which the wall clock in `timeZone` shows `date` at `hour:minute`. */
export const zonedEpochMs = (date: LocalDate, hour: number, minute: number, timeZone: string): number => {
  const asUtc = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  const firstGuess = asUtc - offsetMinutesAt(asUtc, timeZone) * 60_000;
  // A second pass corrects the guess when a DST change lies between the two instants.
  return asUtc - offsetMinutesAt(firstGuess, timeZone) * 60_000;
};

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** ISO 8601 with the zone's UTC offset, e.g. `2026-03-24T20:00:00+01:00`, as the film schema wants it. */
export const isoInZone = (epochMs: number, timeZone: string): string => {
  const t = wallClock(epochMs, timeZone);
  const offset = offsetMinutesAt(epochMs, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
};

export const formatLocalDate = (date: LocalDate): string => `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
