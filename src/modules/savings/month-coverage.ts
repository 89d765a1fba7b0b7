import { hoursInOsloMonth, parseMonthKey } from '../../platform/time.ts';

/**
 * When a month of data counts as a month. A file that runs from 1 April to the end of
 * 1 May holds two calendar months, but May is one day: its cost is a thirty-first of a
 * May, its saving says which day was measured rather than how May goes, and "two months
 * of data" overstates what we know. So each month in the data is weighed by how many of
 * its hours were priced (both a kWh and a spot price, the hours its cost is made of)
 * against the clock hours the month has in Europe/Oslo (743 in March, 745 in October).
 *
 * A month counts when at least half its hours were priced. Half, because a year of data
 * that starts and ends mid-month splits one calendar month between its two ends, and one
 * of the two halves is always at least half a month: twelve months of hours are twelve
 * counted months. A month under half is shown as partial ("mai (1 av 31 dager)"), its
 * hours still priced and still in the yearly figure, but it is not a month of data for the
 * range or for the wording.
 */
export const COUNTED_SHARE = 0.5;

export interface MonthCoverage {
  readonly month: string;
  /** Clock hours of the month in Europe/Oslo. */
  readonly monthHours: number;
  readonly pricedHours: number;
  /** Oslo days with at least one priced hour, and the days the month has. */
  readonly days: number;
  readonly monthDays: number;
  /** At least COUNTED_SHARE of the month's hours were priced. */
  readonly counts: boolean;
}

export const monthCoverage = (month: string, pricedHours: number, days: number): MonthCoverage => {
  const { year, month: m } = parseMonthKey(month);
  const monthHours = hoursInOsloMonth(year, m);
  return {
    month,
    monthHours,
    pricedHours,
    days,
    monthDays: new Date(Date.UTC(year, m, 0)).getUTCDate(),
    counts: pricedHours >= monthHours * COUNTED_SHARE,
  };
};
