const ISO_WEEK = /^(\d{4})-W(\d{2})$/;
const DAY_MS = 86_400_000;

/**
 * The days of an ISO week edition id (`2026-W50`: Monday 7 to Sunday 13 December 2026), so a
 * preview of such an edition needs no window; undefined for any other id.
 */
export const isoWeekWindow = (edition: string): { from: string; to: string } | undefined => {
  const match = ISO_WEEK.exec(edition);
  if (!match) return undefined;
  const [year, week] = [Number(match[1]), Number(match[2])];
  // 4 January is always in week 1; its week's Monday starts the ISO year.
  const january4 = Date.UTC(year, 0, 4);
  const weekOneMonday = january4 - ((new Date(january4).getUTCDay() + 6) % 7) * DAY_MS;
  const monday = weekOneMonday + (week - 1) * 7 * DAY_MS;
  if (week < 1 || week > 53 || new Date(monday + 3 * DAY_MS).getUTCFullYear() !== year) return undefined;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: day(monday), to: day(monday + 6 * DAY_MS) };
};
