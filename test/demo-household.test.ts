import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_LOGIN,
  DEMO_METERING_POINT,
  DEMO_PERSON,
  DemoMeteringSource,
} from '../src/demo/demo-household.ts';
import { DemoInvoiceSource } from '../src/demo/demo-invoice-source.ts';
import { seedDemo } from '../src/demo/seed.ts';
import type { StoredInvoice } from '../src/modules/invoices/invoice.ts';
import type { FetchReport } from '../src/modules/invoices/invoice-fetch.service.ts';
import { earliestIssueDate } from '../src/modules/invoices/invoice-source.ts';
import { parseUbl } from '../src/modules/invoices/ubl-parser.ts';
import type { MeteringPointSavings } from '../src/modules/savings/savings.service.ts';
import { startTestApp, type TestApp } from './app.ts';
import { describeStores } from './stores.ts';

/**
 * An independent calculation of the demo household's cost, written here from the
 * conformance files with nothing from the application: the recorded hours, the recorded
 * NOK spot prices, and for the hours without one the EUR day-ahead price at the day's
 * Norges Bank rate (the last rate published on or before that day).
 */
const HOURLY = path.join(import.meta.dirname, '..', 'fixtures', 'conformance', 'hourly');
const json = (name: string) => JSON.parse(fs.readFileSync(path.join(HOURLY, name), 'utf8'));

const osloMonth = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Oslo',
  year: 'numeric',
  month: '2-digit',
});
const osloDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Oslo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const independent = (offer: {
  type: 'spot' | 'fixed';
  markupOre: number;
  priceOre?: number;
  feeOre: number;
}) => {
  const rates: { date: string; rate: number }[] = json('nb_eur_nok_2026.json').daily;
  const rateOn = (day: string) => {
    let found: number | undefined;
    for (const r of rates) if (r.date <= day) found = r.rate;
    return found;
  };
  const eur = new Map<number, number>();
  for (const h of json('nordpool_eur_no5_2026.json').hourly) eur.set(Date.parse(h.start_local), h.eur_mwh);
  const files = fs.readdirSync(HOURLY).filter((f) => /^bkk_.*_hourly\.json$/.test(f));
  let pricedHours = 0;
  let kwhTotal = 0;
  let energy = 0;
  const months = new Set<string>();
  for (const f of files) {
    for (const h of json(f).hours) {
      if (h.kwh === null) continue;
      const t = Date.parse(h.start_local);
      let spot: number | undefined =
        h.spot_nok_kwh_eks_mva === null ? undefined : h.spot_nok_kwh_eks_mva * 100;
      if (spot === undefined && eur.has(t)) {
        const rate = rateOn(osloDay.format(new Date(t)));
        if (rate !== undefined) spot = ((eur.get(t) as number) * rate) / 10;
      }
      if (spot === undefined) continue;
      pricedHours++;
      kwhTotal += h.kwh;
      energy += h.kwh * (offer.type === 'spot' ? spot : (offer.priceOre ?? 0));
      months.add(osloMonth.format(new Date(t)));
    }
  }
  const markup = kwhTotal * offer.markupOre;
  const fee = offer.feeOre * months.size;
  return {
    pricedHours,
    kwh: kwhTotal,
    months: months.size,
    totalOre: Math.round((energy + markup + fee) * 1.25),
    yearlyOre: Math.round(((energy + markup) * (8760 / pricedHours) + offer.feeOre * 12) * 1.25),
  };
};

/**
 * Per Oslo month, the metered kWh and Σ kWh × spot price (øre) over the hours that have
 * both; only months where every metered hour has a price, as a supplier's invoice needs.
 */
const independentInvoices = () => {
  const rates: { date: string; rate: number }[] = json('nb_eur_nok_2026.json').daily;
  const rateOn = (day: string) => {
    let found: number | undefined;
    for (const r of rates) if (r.date <= day) found = r.rate;
    return found;
  };
  const eur = new Map<number, number>();
  for (const h of json('nordpool_eur_no5_2026.json').hourly) eur.set(Date.parse(h.start_local), h.eur_mwh);
  const months = new Map<string, { kwh: number; energyOre: number; unpriced: number }>();
  for (const f of fs.readdirSync(HOURLY).filter((n) => /^bkk_.*_hourly\.json$/.test(n))) {
    for (const h of json(f).hours) {
      if (h.kwh === null) continue;
      const t = Date.parse(h.start_local);
      const month = osloMonth.format(new Date(t));
      const m = months.get(month) ?? { kwh: 0, energyOre: 0, unpriced: 0 };
      months.set(month, m);
      let spot: number | undefined =
        h.spot_nok_kwh_eks_mva === null ? undefined : h.spot_nok_kwh_eks_mva * 100;
      const rate = rateOn(osloDay.format(new Date(t)));
      if (spot === undefined && eur.has(t) && rate !== undefined) spot = ((eur.get(t) as number) * rate) / 10;
      if (spot === undefined) m.unpriced++;
      else {
        m.kwh += h.kwh;
        m.energyOre += h.kwh * spot;
      }
    }
  }
  return new Map([...months].filter(([, m]) => m.unpriced === 0));
};

describeStores('the demo household, end to end through the services', (kind) => {
  let t: TestApp;
  let result: MeteringPointSavings;
  let seededAt: Date;
  let fetchedInvoices: FetchReport;
  let invoices: StoredInvoice[];
  let customerId: string;

  beforeAll(async () => {
    t = await startTestApp(kind, {
      meteringSource: new DemoMeteringSource(),
      invoiceSource: (clock) => new DemoInvoiceSource(clock),
    });
    seededAt = t.clock.now();
    const seeded = await seedDemo(t.app);
    expect(seeded.seeded).toBe(true);
    const { customers, permissions, metering, savings } = t.app.services;
    const id = await customers.authenticate(DEMO_LOGIN.email, DEMO_LOGIN.password);
    await permissions.change(
      id,
      [
        { kind: 'consent', scope: 'invoice_analysis', textVersion: '2026-11-26', give: true },
        { kind: 'power_of_attorney', scope: 'elhub_master_data', textVersion: '2026-11-26', give: true },
        { kind: 'power_of_attorney', scope: 'elhub_metering_values', textVersion: '2026-11-26', give: true },
        { kind: 'power_of_attorney', scope: 'invoice_fetching', textVersion: '2026-11-26', give: true },
      ],
      'test',
    );
    customerId = id;
    const fetched = await metering.fetchFromSource(id, DEMO_PERSON.identityNumber);
    expect(fetched.points).toBe(1);
    fetchedInvoices = await t.app.services.invoiceFetch.fetchFor(id, 'test');
    invoices = await t.app.services.invoices.ofCustomer(id);
    const all = await savings.forCustomer(id);
    expect(all).toHaveLength(1);
    result = all[0] as MeteringPointSavings;
  });
  afterAll(async () => t?.close());

  it('prices the spot offer exactly as the independent calculation does', () => {
    const expected = independent({ type: 'spot', markupOre: 0, feeOre: 3920 });
    const got = result.result.offers.find((o) => o.offer.id === 'demo-fjellstrom-spot');
    expect(result.result.basis.pricedHours).toBe(expected.pricedHours);
    expect(result.result.basis.kwh).toBeCloseTo(expected.kwh, 6);
    expect(result.result.basis.months).toHaveLength(expected.months);
    expect(got?.totalOre).toBe(expected.totalOre);
    expect(got?.yearlyOre).toBe(expected.yearlyOre);
  });

  it('prices the current contract (spot with markup) and a fixed offer the same way', () => {
    const current = independent({ type: 'spot', markupOre: 5.9, feeOre: 4900 });
    const fixed = independent({ type: 'fixed', markupOre: 0, priceOre: 89.9, feeOre: 3900 });
    expect(result.result.current?.offer.id).toBe('demo-vestkyst-spot');
    expect(result.result.current?.yearlyOre).toBe(current.yearlyOre);
    expect(result.result.offers.find((o) => o.offer.id === 'demo-nordlys-fast12')?.yearlyOre).toBe(
      fixed.yearlyOre,
    );
    const best = Math.min(...result.result.offers.map((o) => o.yearlyOre));
    expect(result.result.yearlySavingOre).toBe(current.yearlyOre - best);
  });

  it('shows the whole monthly bill, the grid part as the real BKK invoice has it', () => {
    const bill = result.bill;
    expect(bill?.owner.trim()).toBe('BKK AS');
    const april = bill?.months.find((m) => m.month === '2026-04');
    // bkk_grid_invoices.json, April 2026: "Nettleie subtotal" 713.58 NOK with VAT.
    expect(Math.abs((april?.gridOre ?? 0) - 71_358)).toBeLessThanOrEqual(5);
    expect(april?.lines.map((l) => l.kind)).toEqual(
      expect.arrayContaining(['energy', 'capacity', 'elavgift', 'enova']),
    );
    // Grid rent and support are the same with any supplier: the bill moves by the supplier's part only.
    for (const m of bill?.months ?? []) {
      expect(m.currentTotalOre - m.bestTotalOre).toBe(m.currentSupplierOre - m.bestSupplierOre);
    }
  });

  it('reports the real gaps: December has no price, January lacks kWh in 105 hours', () => {
    const b = result.result.basis;
    expect(b.excludedMonths).toEqual([{ month: '2025-12', reason: 'no-spot-price' }]);
    expect(b.missingKwhHours).toBe(105);
    expect(b.estimatedPriceHours).toBeGreaterThan(0);
    expect(b.from).toBe('2026-01');
    expect(b.to).toBe('2026-07');
    expect(b.fullYear).toBe(false);
  });

  it('collects its demo invoices from the demo bank through the real fetch and ingest, each read cleanly', async () => {
    expect(fetchedInvoices.outcomes).toEqual({
      stored: 6,
      duplicate: 0,
      not_electricity: 0,
      too_old: 0,
      refused: 0,
    });
    expect(invoices).toHaveLength(6);
    const earliest = earliestIssueDate(seededAt);
    const seedDay = seededAt.toISOString().slice(0, 10);
    for (const inv of invoices) {
      const s = inv.summary;
      expect(s.issueDate >= earliest && s.issueDate <= seedDay).toBe(true);
      expect(s.seller).toEqual({ name: 'Vestkyst Kraft (demo)', orgnr: '999999999', kind: 'supplier' });
      expect(s.meteringPointIds).toEqual([DEMO_METERING_POINT.meteringPointId]);
      expect(inv.findings).toEqual([]);
      const original = await t.app.services.invoices.originalDocument(customerId, inv.id, 'test');
      const again = parseUbl(original);
      expect(again.ok && again.findings).toEqual([]);
      expect(again.ok && again.value.notes.join(' ')).toMatch(/Demofaktura .* Ikke en ekte faktura\./);
    }
    // Fetching again finds them stored: nothing is fetched twice.
    const second = await t.app.services.invoiceFetch.fetchFor(customerId, 'test');
    expect(second.fetched).toBe(0);
    expect(second.alreadyStored).toBe(6);
  });

  it("prices each invoice to the øre from the month's metered hours, the contract and 25 % VAT", () => {
    const expected = independentInvoices();
    const byMonth = new Map(invoices.map((i) => [i.summary.period?.start?.slice(0, 7), i]));
    expect([...byMonth.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [month, inv] of byMonth) {
      const e = expected.get(month ?? '') as { kwh: number; energyOre: number };
      const energy = inv.electricity.lines.find((l) => l.kind === 'energy');
      const markup = inv.electricity.lines.find((l) => l.kind === 'markup');
      const fee = inv.electricity.lines.find((l) => l.kind === 'monthly_fee');
      expect(energy?.kwh).toBeCloseTo(e.kwh, 3);
      expect(energy?.amountOre).toBe(Math.round(e.energyOre));
      expect(markup?.amountOre).toBe(Math.round((Math.round(e.kwh * 1000) / 1000) * 5.9));
      expect(fee?.amountOre).toBe(4900);
      const net = (energy?.amountOre ?? 0) + (markup?.amountOre ?? 0) + 4900;
      expect(inv.summary.totals.lineExtensionOre).toBe(net);
      expect(inv.summary.taxTotalOre).toBe(Math.round(net * 0.25));
      expect(inv.summary.totals.payableOre).toBe(net + Math.round(net * 0.25));
    }
  });

  it('handles the 743-hour March of the DST change', () => {
    const march = result.result.basis.months.find((m) => m.month === '2026-03');
    expect(march?.hours).toBe(743);
    expect(march?.pricedHours).toBe(743);
  });
});

describe('the independent calculation itself', () => {
  it('sees the files the way SOURCES.md describes them', () => {
    const r = independent({ type: 'spot', markupOre: 0, feeOre: 0 });
    expect(r.months).toBe(7);
    expect(r.pricedHours).toBeGreaterThan(4900);
  });
});
