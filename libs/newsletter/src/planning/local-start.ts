const formats = new Map<string, Intl.DateTimeFormat>();

/** "Tue 8 Dec, 20:00" on the venue's clock, in the reader's locale. */
export const localStart = (start: string, timeZone: string, locale: string): string => {
  const key = `${locale}|${timeZone}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone,
    });
    formats.set(key, format);
  }
  return format.format(Date.parse(start));
};
