import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemo } from '../src/demo/seed.ts';
import { STANDARD_ANNUAL_KWH } from '../src/modules/savings/savings.service.ts';
import { ANALYSIS_CONSENT, startTestApp, type TestApp } from './app.ts';
import { describeStores } from './stores.ts';

const SUPPLIER = fs.readFileSync(
  path.join(import.meta.dirname, 'fixtures', 'ehf', 'supplier-invoice-2026-05.xml'),
  'utf8',
);

/** A metering point without hourly values is priced on the standard profile, scaled from its invoices or the standard year. */
describeStores('savings without hourly values', (kind) => {
  let t: TestApp;
  let kari: string;

  beforeAll(async () => {
    t = await startTestApp(kind, { now: '2026-08-01T10:00:00Z' });
    await seedDemo(t.app);
    const { customers, permissions } = t.app.services;
    kari = await customers.signUp({
      name: 'Kari Profil',
      email: 'kari.profil@example.no',
      identityNumber: '14028512334',
      password: 'et langt og godt passord',
    });
    await permissions.change(kari, ANALYSIS_CONSENT, 'test');
  });
  afterAll(async () => t?.close());

  it('scales the profile to what the invoices say the point uses a year, and says so', async () => {
    const { metering, invoices, savings } = t.app.services;
    const mp = await metering.addMeteringPoint(
      kari,
      { meteringPointId: '707057500123456785', priceArea: 'NO5', countyCode: '46' },
      'test',
    );
    await metering.setCurrentOffer(kari, mp.id, 'demo-vestkyst-spot');
    // Before the invoice the standard year stands in; storing the invoice makes the next answer use it.
    expect((await savings.forMeteringPoint(kari, mp.id)).result.profile?.source).toBe('estimate');
    await invoices.importEhf(kari, SUPPLIER);
    const r = await savings.forMeteringPoint(kari, mp.id);
    // April 2026 on the invoice: 1381.83 kWh over 30 days, 16,813 kWh a year.
    expect(r.result.profile).toEqual({ annualKwh: Math.round((1381.83 * 365) / 30), source: 'invoices' });
    expect(r.result.assumptions).toContain('standard-profile');
    expect(r.result.basis.kwh).toBeGreaterThan(0);
    const annual = Math.round((1381.83 * 365) / 30);
    // Only hours with a spot price are priced: the profile's kWh in them is a share of the year.
    expect(r.result.basis.kwh).toBeLessThan(annual);
    expect(r.result.range).not.toBeNull();
    expect(r.result.yearlySavingOre).not.toBeNull();
    // A new offer in the area is in the next answer too.
    await t.app.services.market.importOffers(
      JSON.stringify({
        format: 'elvakt-offers/2',
        source: 'test',
        offers: [
          {
            id: 'test-ny-no5',
            supplier: { name: 'Ny Kraft AS', orgnr: null },
            name: 'Ny',
            type: 'spot',
            areas: ['NO5'],
            customerType: 'household',
            markupOrePerKwh: 0,
            monthlyFeeOre: 0,
            validFrom: '2026-01-01',
            validTo: null,
          },
        ],
      }),
    );
    const again = await savings.forMeteringPoint(kari, mp.id);
    expect(again.result.offers.some((o) => o.offer.id === 'test-ny-no5')).toBe(true);
  });

  it('falls back to the standard year without invoices', async () => {
    const { metering, savings } = t.app.services;
    const mp = await metering.addMeteringPoint(
      kari,
      { meteringPointId: '707057500987654324', priceArea: 'NO5', countyCode: '46' },
      'test',
    );
    const a = await savings.forMeteringPoint(kari, mp.id);
    expect(a.result.assumptions).toContain('standard-profile');
    expect(a.result.profile).toEqual({ annualKwh: STANDARD_ANNUAL_KWH, source: 'estimate' });
  });
});
