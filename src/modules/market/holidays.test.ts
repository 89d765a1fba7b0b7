import { describe, expect, it } from 'vitest';
import { dateKey, easterSunday, isPublicHoliday, publicHolidays } from './holidays.ts';

describe('Norwegian public holidays', () => {
  it.each([
    [2000, '2000-04-23'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('Easter Sunday %i is %s', (year, date) => {
    expect(dateKey(easterSunday(year))).toBe(date);
  });

  it('lists the twelve holidays of 2026 in date order', () => {
    expect([...publicHolidays(2026).keys()]).toEqual([
      '2026-01-01',
      '2026-04-02',
      '2026-04-03',
      '2026-04-05',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-05-17',
      '2026-05-24',
      '2026-05-25',
      '2026-12-25',
      '2026-12-26',
    ]);
  });

  it('moves Ascension and Whitsun with Easter (2025) and leaves Christmas Eve a working day', () => {
    expect(isPublicHoliday({ year: 2025, month: 5, day: 29 })).toBe(true);
    expect(isPublicHoliday({ year: 2025, month: 6, day: 9 })).toBe(true);
    expect(isPublicHoliday({ year: 2025, month: 5, day: 14 })).toBe(false);
    expect(isPublicHoliday({ year: 2025, month: 12, day: 24 })).toBe(false);
    expect(publicHolidays(2025).get('2025-04-18')).toBe('Langfredag');
  });
});
