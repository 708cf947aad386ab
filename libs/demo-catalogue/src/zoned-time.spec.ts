import { addDays, isoInZone, localDateOf, weekdayOf, zonedEpochMs } from './zoned-time';

describe('zoned time', () => {
  it('writes local wall-clock times with the offset in force on that day', () => {
    const winter = zonedEpochMs({ year: 2026, month: 3, day: 28 }, 20, 0, 'Europe/Brussels');
    const summer = zonedEpochMs({ year: 2026, month: 3, day: 29 }, 20, 0, 'Europe/Brussels');
    expect(isoInZone(winter, 'Europe/Brussels')).toBe('2026-03-28T20:00:00+01:00');
    expect(new Date(winter).toISOString()).toBe('2026-03-28T19:00:00.000Z');
    expect(isoInZone(summer, 'Europe/Amsterdam')).toBe('2026-03-29T20:00:00+02:00');
    expect(new Date(summer).toISOString()).toBe('2026-03-29T18:00:00.000Z');
    const autumn = zonedEpochMs({ year: 2026, month: 10, day: 25 }, 21, 30, 'Europe/Amsterdam');
    expect(isoInZone(autumn, 'Europe/Amsterdam')).toBe('2026-10-25T21:30:00+01:00');
  });

  it('takes the calendar day in the zone, not in UTC', () => {
    expect(localDateOf(new Date('2026-12-31T23:30:00Z'), 'Europe/Brussels')).toEqual({ year: 2027, month: 1, day: 1 });
    expect(localDateOf(new Date('2026-12-31T22:30:00Z'), 'Europe/Brussels')).toEqual({ year: 2026, month: 12, day: 31 });
  });

  it('adds days across month and year ends and knows the weekday', () => {
    expect(addDays({ year: 2026, month: 12, day: 30 }, 3)).toEqual({ year: 2027, month: 1, day: 2 });
    expect(addDays({ year: 2026, month: 3, day: 1 }, -1)).toEqual({ year: 2026, month: 2, day: 28 });
    expect(weekdayOf({ year: 2026, month: 3, day: 24 })).toBe(2); // the Tuesday of Good One on seed page 002
  });
});
