const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** Monday 00:00 UTC of the ISO week holding `ms`. */
export const weekStartMs = (ms: number): number => {
  const day = Math.floor(ms / DAY_MS);
  // 1970-01-01 was a Thursday: day 0 has ISO weekday 4.
  const weekday = (((day + 3) % 7) + 7) % 7;
  return (day - weekday) * DAY_MS;
};

/** The ISO 8601 week of an instant (UTC), e.g. `2026-W49`. */
export const isoWeek = (ms: number): string => {
  const thursday = new Date(weekStartMs(ms) + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / WEEK_MS) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
};

/** Monday 00:00 UTC of an ISO week name. */
export const startOfIsoWeek = (week: string): number => {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) throw new Error(`not an ISO week: ${week}`);
  const january4 = Date.UTC(Number(match[1]), 0, 4);
  return weekStartMs(january4) + (Number(match[2]) - 1) * WEEK_MS;
};

/** Every ISO week overlapping [fromMs, toMs], oldest first. */
export const weeksBetween = (fromMs: number, toMs: number): string[] => {
  const weeks: string[] = [];
  for (let start = weekStartMs(fromMs); start <= toMs; start += WEEK_MS) weeks.push(isoWeek(start));
  return weeks;
};
