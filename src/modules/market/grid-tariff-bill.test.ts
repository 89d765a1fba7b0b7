import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOUR_MS, hoursInOsloMonth, osloMonthStart, osloToUtc } from '../../platform/time.ts';
import { CONFORMANCE } from './grid-tariff.fixtures.ts';
import { type GridBill, type GridBillInput, gridBill } from './grid-tariff-bill.ts';
import { loadGridTariffFile } from './grid-tariff-file.ts';
import type { Place } from './tax-rules.ts';
import { loadTaxRules } from './tax-rules-file.ts';

const rules = loadTaxRules();
const tariff = (name: string) => loadGridTariffFile(path.join(CONFORMANCE, 'grid-tariffs', name));
const BERGEN: Place = { county: '46', municipality: '4601' };

/** `days` whole Oslo days from the first of the month, `kwh` every hour, spot `spot` øre. */
const hours = (year: number, month: number, kwh = 1, spot = Number.NaN, days?: number) => {
  const start = osloMonthStart(year, month);
  const end =
    days === undefined ? hoursInOsloMonth(year, month) : (osloToUtc(year, month, days + 1) - start) / HOUR_MS;
  return {
    startMs: Float64Array.from({ length: end }, (_, i) => start + i * HOUR_MS),
    kwh: new Float64Array(end).fill(kwh),
    spotOre: new Float64Array(end).fill(spot),
  };
};

const base = (over: Partial<GridBillInput>): GridBill =>
  gridBill({
    tariffFile: tariff('bkk.yml'),
    taxRules: rules,
    customerType: 'household',
    place: BERGEN,
    hours: hours(2026, 1),
    support: 'none',
    ...over,
  });

const named = (b: GridBill, prefix: string) => b.lines.filter((l) => l.name.startsWith(prefix));

describe('the monthly grid bill', () => {
  it('bills a whole month: energy by price period, capacity, levies, a total of rounded lines and its VAT', () => {
    const b = base({ hours: hours(2026, 3, 1) });
    expect(b.basis).toMatchObject({ hours: 743, days: 31, hoursWithoutKwh: 0, kwh: 743 });
    expect(b.lines.map((l) => l.name)).toEqual([
      'Energiledd Høylast virkedag',
      'Energiledd grunnpris',
      'Kapasitetsledd 0–2 kW',
      'Forbruksavgift',
      'Enovaavgift',
    ]);
    expect(named(b, 'Kapasitetsledd')[0]).toMatchObject({ quantity: 31, unit: 'days', amountOre: 15500 });
    expect(named(b, 'Forbruksavgift')[0]?.amountOre).toBe(Math.round(743 * 7.13 * 1.25));
    expect(b.gridTotalOre).toBe(b.lines.reduce((s, l) => s + l.amountOre, 0));
    expect(b.gridVatOre).toBe(Math.round(b.gridTotalOre * 0.2));
    expect(b.totalOre).toBe(b.gridTotalOre);
  });

  it('prorates the capacity step by the days billed in a part month', () => {
    const b = base({ hours: hours(2026, 1, 1, Number.NaN, 15) });
    expect(named(b, 'Kapasitetsledd')[0]).toMatchObject({
      quantity: 15,
      amountOre: Math.round((1488 / 12) * 125 * (15 / 31)),
    });
    expect(named(b, 'Kapasitetsledd')[0]?.unitPriceOre).toBeCloseTo((1488 / 12) * 125, 9);
  });

  it('splits energy and capacity at a tariff change inside the month (Straumnett, 9 May 2025)', () => {
    const b = base({ tariffFile: tariff('straumnett.yml'), hours: hours(2025, 5, 1) });
    const capacity = named(b, 'Kapasitetsledd');
    expect(capacity.map((l) => l.quantity)).toEqual([8, 23]);
    expect(capacity.map((l) => l.amountOre)).toEqual([
      Math.round((2435.33 / 12) * 125 * (8 / 31)),
      Math.round((3494.21 / 12) * 125 * (23 / 31)),
    ]);
    expect(named(b, 'Energiledd').map((l) => l.unitPriceExVatOre)).toEqual([20.97, 16.07, 15.97, 11.07]);
  });

  it('charges no VAT to a household in Nordland (Meløy) and shows VAT 0 on every line', () => {
    const b = base({ tariffFile: tariff('meloy.yml'), place: { county: '18', municipality: '1837' } });
    expect(b.lines.every((l) => l.vatRate === 0 && l.vatOre === 0)).toBe(true);
    expect(b.gridVatOre).toBe(0);
    expect(named(b, 'Forbruksavgift')[0]?.unitPriceOre).toBe(7.13);
  });

  it('gives a household in the tiltakssone (Alta, Alut) no elavgift line and charges the fuse step', () => {
    const b = base({
      tariffFile: tariff('alut.yml'),
      place: { county: '56', municipality: '5601' },
      mainFuseAmpere: 63,
    });
    expect(b.lines.map((l) => l.name)).toEqual([
      'Energiledd grunnpris',
      'Kapasitetsledd 0–125 A',
      'Enovaavgift',
    ]);
    expect(named(b, 'Kapasitetsledd')[0]?.amountOre).toBe(Math.round((3500 / 12) * 100));
    expect(named(b, 'Enovaavgift')[0]?.amountOre).toBe(744);
  });

  it('charges a business the Enova fee per metering point and day, not per kWh', () => {
    const b = base({ customerType: 'business' });
    const enova = named(b, 'Enovaavgift');
    expect(enova).toHaveLength(1);
    expect(enova[0]).toMatchObject({ unit: 'days', quantity: 31, amountOre: Math.round((800 / 12) * 125) });
    expect(b.supportLines).toEqual([]);
  });

  it('adds strømstøtte for a spot customer and Norgespris instead for one who chose it', () => {
    const spot = base({ hours: hours(2026, 1, 1, 177), support: 'stromstotte' });
    expect(spot.supportLines).toEqual([
      expect.objectContaining({
        kind: 'stromstotte',
        quantity: 744,
        vatOre: 0,
        amountOre: -Math.round(744 * 90 * 1.25),
      }),
    ]);
    expect(spot.totalOre).toBe(spot.gridTotalOre + (spot.supportLines[0]?.amountOre ?? 0));
    const fixed = base({ hours: hours(2026, 1, 1, 177), support: 'norgespris' });
    expect(fixed.supportLines.map((l) => [l.kind, l.amountOre])).toEqual([
      ['norgespris', -Math.round(744 * 137 * 1.25)],
    ]);
  });

  it('counts missing hours as gaps, and refuses a month with no measured hour or past its end', () => {
    const h = hours(2026, 2, 2);
    h.kwh[10] = Number.NaN;
    expect(base({ hours: h }).basis).toMatchObject({ hoursWithoutKwh: 1, kwh: 671 * 2 });
    expect(() => base({ hours: hours(2026, 2, Number.NaN) })).toThrow(/No hour of 2026-02/);
    const long = hours(2026, 2, 1);
    const startMs = Float64Array.from([...long.startMs, osloToUtc(2026, 3, 1)]);
    expect(() =>
      base({ hours: { ...long, startMs, kwh: new Float64Array(startMs.length).fill(1) } }),
    ).toThrow(/past 2026-02/);
  });

  it('refuses a customer type the grid company has no tariff for on that date', () => {
    expect(() => base({ customerType: 'business', hours: hours(2025, 8) })).toThrow(
      /no business tariff on 2025-08-01/,
    );
  });
});
