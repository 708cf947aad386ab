import { isoWeekWindow } from './edition-window';

describe('isoWeekWindow', () => {
  it('gives Monday to Sunday of an ISO week, across year boundaries', () => {
    expect(isoWeekWindow('2026-W50')).toEqual({ from: '2026-12-07', to: '2026-12-13' });
    expect(isoWeekWindow('2026-W01')).toEqual({ from: '2025-12-29', to: '2026-01-04' });
    expect(isoWeekWindow('2026-W53')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
  });

  it('has no window for a week a year does not have, or for another kind of edition id', () => {
    expect(isoWeekWindow('2025-W53')).toBeUndefined();
    expect(isoWeekWindow('2026-W00')).toBeUndefined();
    expect(isoWeekWindow('december-special')).toBeUndefined();
  });
});
