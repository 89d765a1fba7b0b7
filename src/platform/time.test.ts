import { describe, expect, it } from 'vitest';
import {
  HOUR_MS,
  hoursInOsloDay,
  hoursInOsloMonth,
  osloDate,
  osloMonthKey,
  osloMonthStart,
  osloOffsetMs,
  osloParts,
  osloToUtc,
  parseIsoDate,
  parseOffsetDateTime,
} from './time.ts';

const osloFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Oslo',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

const intlOffsetMs = (utcMs: number): number => {
  const parts = osloFormat.formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - utcMs;
};

describe('Europe/Oslo arithmetic', () => {
  it('agrees with the time-zone database from 2000 to 2035: every hour of March and October, daily otherwise', () => {
    const start = Date.UTC(2000, 0, 1);
    const end = Date.UTC(2036, 0, 1);
    let mismatches = 0;
    for (let t = start; t < end; ) {
      if (osloOffsetMs(t) !== intlOffsetMs(t)) mismatches++;
      const month = new Date(t).getUTCMonth();
      t += month === 2 || month === 9 ? HOUR_MS : 24 * HOUR_MS + 17 * 60_000;
    }
    expect(mismatches).toBe(0);
  });

  it('gives the Oslo date, month, hour and weekday of every quarter hour of 2025–2026, in time order and shuffled', () => {
    const weekdays = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Oslo', weekday: 'short' });
    const names = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    const expected = (t: number) => {
      const parts = osloFormat.formatToParts(new Date(t));
      const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
      return {
        date: `${get('year')}-${get('month')}-${get('day')}`,
        hour: Number(get('hour')),
        minute: Number(get('minute')),
        weekday: names.indexOf(weekdays.format(new Date(t))),
      };
    };
    const actual = (t: number) => {
      const p = osloParts(t);
      return { date: osloDate(t), hour: p.hour, minute: p.minute, weekday: p.weekday };
    };
    const instants: number[] = [];
    for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2027, 0, 1); t += 15 * 60_000) instants.push(t);
    // In time order (each day answered from the remembered one) and in a scrambled order (never).
    const scrambled = instants.map((_, i) => instants[(i * 7919) % instants.length] as number);
    let mismatches = 0;
    for (const t of [...instants, ...scrambled]) {
      const want = expected(t);
      const got = actual(t);
      if (
        got.date !== want.date ||
        got.hour !== want.hour ||
        got.minute !== want.minute ||
        got.weekday !== want.weekday ||
        osloMonthKey(t) !== want.date.slice(0, 7)
      ) {
        mismatches++;
      }
    }
    expect(mismatches).toBe(0);
  });

  it('counts 23 hours on the spring day and 25 on the autumn day', () => {
    expect(hoursInOsloDay(2026, 3, 29)).toBe(23);
    expect(hoursInOsloDay(2026, 10, 25)).toBe(25);
    expect(hoursInOsloDay(2026, 6, 1)).toBe(24);
    expect(hoursInOsloMonth(2026, 3)).toBe(743);
    expect(hoursInOsloMonth(2026, 10)).toBe(745);
    expect(hoursInOsloMonth(2026, 2)).toBe(672);
    expect(hoursInOsloMonth(2024, 2)).toBe(696);
  });

  it('finds month starts in UTC', () => {
    expect(new Date(osloMonthStart(2026, 1)).toISOString()).toBe('2025-12-31T23:00:00.000Z');
    expect(new Date(osloMonthStart(2026, 4)).toISOString()).toBe('2026-03-31T22:00:00.000Z');
    expect(osloMonthKey(Date.parse('2026-03-31T22:00:00Z'))).toBe('2026-04');
    expect(osloMonthKey(Date.parse('2026-03-31T21:59:59Z'))).toBe('2026-03');
  });

  it('maps wall-clock times across the gaps', () => {
    // 02:30 does not exist on 29 March 2026; the later reading is 03:30 CEST.
    expect(new Date(osloToUtc(2026, 3, 29, 2, 30)).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(new Date(osloToUtc(2026, 3, 29, 3, 0)).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(osloParts(Date.parse('2026-10-25T00:30:00Z')).hour).toBe(2);
    expect(osloParts(Date.parse('2026-10-25T01:30:00Z')).hour).toBe(2);
  });

  it.each([
    ['2026-04-01T00:00:00+02:00', '2026-03-31T22:00:00.000Z'],
    ['2026-03-01T00:00:00+01:00', '2026-02-28T23:00:00.000Z'],
    ['2026-03-01T00:00:00Z', '2026-03-01T00:00:00.000Z'],
    ['2026-03-01T00:00+0100', '2026-02-28T23:00:00.000Z'],
  ])('parses %s with its offset', (text, iso) => {
    expect(new Date(parseOffsetDateTime(text) ?? Number.NaN).toISOString()).toBe(iso);
  });

  it.each(['2026-04-01T00:00:00', '2026-02-30T00:00:00Z', '2026-04-01T25:00:00Z', 'yesterday'])(
    'refuses %s',
    (text) => {
      expect(parseOffsetDateTime(text)).toBeUndefined();
    },
  );

  it('parses calendar dates strictly', () => {
    expect(parseIsoDate('2026-02-28')).toEqual({ year: 2026, month: 2, day: 28 });
    expect(parseIsoDate('2026-02-29')).toBeUndefined();
  });
});
