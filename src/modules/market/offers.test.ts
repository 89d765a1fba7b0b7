import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOUR_MS, osloMonthStart } from '../../platform/time.ts';
import { calculateSavings } from '../savings/calculate-savings.ts';
import {
  followsSpot,
  NO_CONDITIONS,
  type Offer,
  type OfferEntry,
  offerAudience,
  offerChanges,
  parseOfferFile,
  planOfferImport,
  quotedMarkupOrePerKwh,
  type StoredOfferVersion,
  versionKey,
} from './offers.ts';

const v2 = (...offers: unknown[]) => JSON.stringify({ format: 'elvakt-offers/2', source: 'test', offers });
const v1 = (...offers: unknown[]) => JSON.stringify({ format: 'elvakt-offers/1', source: 'test', offers });

const minimal = {
  id: 'x-spot',
  supplier: { name: 'X AS', orgnr: '811143758' },
  name: 'Spot',
  type: 'spot',
  areas: ['NO1'],
  validFrom: '2026-01-01',
};

const full = {
  id: 'bolaget-trygg',
  supplier: { name: ' Bolagets Strøm AS ', orgnr: '811143758' },
  name: 'Medlemsstrøm',
  type: 'plus',
  areas: ['NO5', 'NO1'],
  customerType: 'household',
  cabin: false,
  markupOrePerKwh: 3.9,
  elCertificate: { orePerKwh: 0.35, included: false },
  energyPriceOrePerKwh: null,
  fixedPeriod: null,
  monthlyFeeOre: 6900,
  bindingMonths: 12,
  exitFee: { ore: 30000, per: 'once' },
  conditions: {
    membership: { organisation: 'Boligbyggelaget', yearlyFeeOre: 45000 },
    otherPurchase: 'Strømbruddforsikring inngår.',
    payment: [
      { code: 'avtalegiro', text: 'Krever AvtaleGiro.' },
      { code: 'efaktura', text: 'Uten eFaktura: 39 kr per faktura.' },
    ],
  },
  validFrom: '2026-01-01',
  validTo: '2026-12-31',
  demo: false,
};

const one = (text: string): Offer => {
  const r = parseOfferFile(text);
  expect(r.fileProblem).toBeUndefined();
  expect(r.rejected).toEqual([]);
  expect(r.offers).toHaveLength(1);
  return r.offers[0] as Offer;
};

const problemsOf = (patch: Record<string, unknown>, base: Record<string, unknown> = minimal) => {
  const r = parseOfferFile(v2({ ...base, ...patch }));
  expect(r.offers).toEqual([]);
  return r.rejected.map((p) => p.at);
};

describe('elvakt-offers/2', () => {
  it('reads every field of an offer', () => {
    expect(one(v2(full))).toEqual({
      id: 'bolaget-trygg',
      supplierName: 'Bolagets Strøm AS',
      supplierOrgnr: '811143758',
      name: 'Medlemsstrøm',
      productType: 'plus',
      areas: ['NO1', 'NO5'],
      customerType: 'household',
      cabin: false,
      // The el-certificate quoted on top is part of what each kWh costs over the energy price.
      markupOrePerKwh: 4.25,
      energyPriceOrePerKwh: null,
      elCertificate: { orePerKwh: 0.35, quoted: 'on_top' },
      monthlyFeeOre: 6900,
      fixedMonths: null,
      fixedUntil: null,
      bindingMonths: 12,
      exitFee: { ore: 30000, per: 'once' },
      conditions: {
        membership: { organisation: 'Boligbyggelaget', yearlyFeeOre: 45000 },
        otherPurchase: 'Strømbruddforsikring inngår.',
        payment: [
          { code: 'avtalegiro', text: 'Krever AvtaleGiro.' },
          { code: 'efaktura', text: 'Uten eFaktura: 39 kr per faktura.' },
        ],
      },
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
      isDemo: false,
    });
  });

  it('fills defaults for what an offer leaves out', () => {
    const o = one(v2(minimal));
    expect(o).toMatchObject({
      customerType: 'household',
      cabin: false,
      markupOrePerKwh: 0,
      elCertificate: null,
      monthlyFeeOre: 0,
      bindingMonths: 0,
      exitFee: null,
      fixedMonths: null,
      fixedUntil: null,
      validTo: null,
      isDemo: false,
    });
    expect(o.conditions).toEqual(NO_CONDITIONS);
    expect(o.supplierOrgnr).toBe('811143758');
    expect(one(v2({ ...minimal, supplier: { name: 'Y' } })).supplierOrgnr).toBeNull();
  });

  it('keeps the markup as quoted when the el-certificate is included, and can give back the quoted markup', () => {
    const included = one(
      v2({ ...minimal, markupOrePerKwh: 5.9, elCertificate: { orePerKwh: 0.3, included: true } }),
    );
    expect(included.markupOrePerKwh).toBe(5.9);
    expect(included.elCertificate).toEqual({ orePerKwh: 0.3, quoted: 'included' });
    expect(quotedMarkupOrePerKwh(included)).toBe(5.9);
    const onTop = one(
      v2({ ...minimal, markupOrePerKwh: 5.9, elCertificate: { orePerKwh: 0.3, included: false } }),
    );
    expect(onTop.markupOrePerKwh).toBe(6.2);
    expect(quotedMarkupOrePerKwh(onTop)).toBe(5.9);
  });

  it('reads each product type with its energy price', () => {
    expect(one(v2({ ...minimal, type: 'hourly_spot' }))).toMatchObject({
      productType: 'hourly_spot',
      energyPriceOrePerKwh: null,
    });
    const variable = one(v2({ ...minimal, type: 'variable', energyPriceOrePerKwh: 104.9 }));
    expect(variable).toMatchObject({ productType: 'variable', energyPriceOrePerKwh: 104.9 });
    const plusAtSpot = one(v2({ ...minimal, type: 'plus' }));
    const plusOwnPrice = one(v2({ ...minimal, type: 'plus', energyPriceOrePerKwh: 79 }));
    expect(followsSpot(plusAtSpot)).toBe(true);
    expect(followsSpot(plusOwnPrice)).toBe(false);
    expect(followsSpot(variable)).toBe(false);
  });

  it('reads the fixed period in months or to a date', () => {
    const fixed = { ...minimal, type: 'fixed', energyPriceOrePerKwh: 89.9 };
    expect(one(v2({ ...fixed, fixedPeriod: { months: 12 } }))).toMatchObject({
      productType: 'fixed',
      energyPriceOrePerKwh: 89.9,
      fixedMonths: 12,
      fixedUntil: null,
    });
    expect(one(v2({ ...fixed, fixedPeriod: { until: '2027-12-31' } }))).toMatchObject({
      fixedMonths: null,
      fixedUntil: '2027-12-31',
    });
  });

  it('reads a cabin offer, a business offer and an exit fee per remaining month', () => {
    expect(one(v2({ ...minimal, cabin: true }))).toMatchObject({ customerType: 'household', cabin: true });
    expect(one(v2({ ...minimal, customerType: 'business' }))).toMatchObject({
      customerType: 'business',
      cabin: false,
    });
    expect(
      one(v2({ ...minimal, bindingMonths: 24, exitFee: { ore: 5000, per: 'remaining_month' } })).exitFee,
    ).toEqual({ ore: 5000, per: 'remaining_month' });
  });

  it.each([
    [{ id: 'Has Spaces' }, 'offers[0].id'],
    [{ supplier: { name: '' } }, 'offers[0].supplier.name'],
    [{ supplier: { name: 'X', orgnr: '12345' } }, 'offers[0].supplier.orgnr'],
    [{ name: ' ' }, 'offers[0].name'],
    [{ type: 'innkjøpspris' }, 'offers[0].type'],
    [{ areas: ['NO6'] }, 'offers[0].areas'],
    [{ areas: [] }, 'offers[0].areas'],
    [{ areas: ['NO1', 'NO1'] }, 'offers[0].areas'],
    [{ customerType: 'cabin' }, 'offers[0].customerType'],
    [{ cabin: 'yes' }, 'offers[0].cabin'],
    [{ cabin: true, customerType: 'business' }, 'offers[0].cabin'],
    [{ markupOrePerKwh: 1.23456 }, 'offers[0].markupOrePerKwh'],
    [{ markupOrePerKwh: '4.9' }, 'offers[0].markupOrePerKwh'],
    [{ markupOrePerKwh: 5000 }, 'offers[0].markupOrePerKwh'],
    [{ energyPriceOrePerKwh: 50 }, 'offers[0].energyPriceOrePerKwh'],
    [{ type: 'hourly_spot', energyPriceOrePerKwh: 50 }, 'offers[0].energyPriceOrePerKwh'],
    [{ type: 'variable' }, 'offers[0].energyPriceOrePerKwh'],
    [{ type: 'plus', energyPriceOrePerKwh: -1 }, 'offers[0].energyPriceOrePerKwh'],
    [{ elCertificate: 0.3 }, 'offers[0].elCertificate'],
    [{ elCertificate: { orePerKwh: -1, included: true } }, 'offers[0].elCertificate.orePerKwh'],
    [{ elCertificate: { orePerKwh: 0.3 } }, 'offers[0].elCertificate.included'],
    [{ monthlyFeeOre: 39.5 }, 'offers[0].monthlyFeeOre'],
    [{ monthlyFeeOre: -100 }, 'offers[0].monthlyFeeOre'],
    [{ bindingMonths: 61 }, 'offers[0].bindingMonths'],
    [{ fixedPeriod: { months: 12 } }, 'offers[0].fixedPeriod'],
    [{ type: 'fixed', energyPriceOrePerKwh: 90 }, 'offers[0].fixedPeriod'],
    [
      { type: 'fixed', energyPriceOrePerKwh: 90, fixedPeriod: { months: 12, until: '2027-01-01' } },
      'offers[0].fixedPeriod',
    ],
    [{ type: 'fixed', energyPriceOrePerKwh: 90, fixedPeriod: { months: 0 } }, 'offers[0].fixedPeriod.months'],
    [
      { type: 'fixed', energyPriceOrePerKwh: 90, fixedPeriod: { until: '2025-12-31' } },
      'offers[0].fixedPeriod.until',
    ],
    [{ exitFee: { ore: 30000, per: 'once' } }, 'offers[0].exitFee'],
    [{ bindingMonths: 12, exitFee: { ore: 1.5, per: 'once' } }, 'offers[0].exitFee.ore'],
    [{ bindingMonths: 12, exitFee: { ore: 100, per: 'month' } }, 'offers[0].exitFee.per'],
    [{ conditions: [] }, 'offers[0].conditions'],
    [{ conditions: { membership: 'OBOS' } }, 'offers[0].conditions.membership'],
    [{ conditions: { membership: { yearlyFeeOre: 100 } } }, 'offers[0].conditions.membership.organisation'],
    [
      { conditions: { membership: { organisation: 'O', yearlyFeeOre: -1 } } },
      'offers[0].conditions.membership.yearlyFeeOre',
    ],
    [{ conditions: { otherPurchase: '' } }, 'offers[0].conditions.otherPurchase'],
    [{ conditions: { payment: 'efaktura' } }, 'offers[0].conditions.payment'],
    [{ conditions: { payment: ['efaktura'] } }, 'offers[0].conditions.payment[0]'],
    [{ conditions: { payment: [{ code: 'giro', text: 'x' }] } }, 'offers[0].conditions.payment[0].code'],
    [{ conditions: { payment: [{ code: 'efaktura' }] } }, 'offers[0].conditions.payment[0].text'],
    [
      {
        conditions: {
          payment: [
            { code: 'efaktura', text: 'a' },
            { code: 'efaktura', text: 'b' },
          ],
        },
      },
      'offers[0].conditions.payment[1].code',
    ],
    [{ validFrom: '2026-02-30' }, 'offers[0].validFrom'],
    [{ validTo: '2025-01-01' }, 'offers[0].validTo'],
    [{ demo: 'yes' }, 'offers[0].demo'],
    [{ correction: 'yes' }, 'offers[0].correction'],
  ])('refuses %j at %s', (patch, at) => {
    expect(problemsOf(patch)).toContain(at);
  });

  it('names every problem of every offer at once, and keeps none of the file', () => {
    const r = parseOfferFile(
      v2(
        minimal,
        { ...minimal, id: 'y', areas: ['NO9'], monthlyFeeOre: 1.5 },
        'not an offer',
        { ...minimal, id: 'z', type: 'fixed', energyPriceOrePerKwh: 90, fixedPeriod: { months: 12 } },
        minimal,
      ),
    );
    expect(r.rejected.map((p) => p.at)).toEqual([
      'offers[1].areas',
      'offers[1].monthlyFeeOre',
      'offers[2]',
      'offers[4].id',
    ]);
    expect(r.rejected.find((p) => p.at === 'offers[4].id')?.message).toMatch(/same id and validFrom/);
  });

  it('reads several versions of one offer and says which of them are corrections', () => {
    const r = parseOfferFile(
      v2(minimal, { ...minimal, validFrom: '2026-06-01', markupOrePerKwh: 2, correction: true }),
    );
    expect(r.rejected).toEqual([]);
    expect(r.entries.map((e) => [e.at, e.offer.validFrom, e.correction])).toEqual([
      ['offers[0]', '2026-01-01', false],
      ['offers[1]', '2026-06-01', true],
    ]);
  });

  it('refuses what is not a catalogue', () => {
    expect(parseOfferFile('not json').fileProblem).toBe('not JSON');
    expect(parseOfferFile('[]').fileProblem).toMatch(/format/);
    expect(parseOfferFile('{"format":"elvakt-offers/3","offers":[]}').fileProblem).toMatch(/format/);
    expect(parseOfferFile('{"format":"elvakt-offers/2"}').fileProblem).toBe('no "offers" list');
  });
});

describe('elvakt-offers/1, read into the current model', () => {
  it('maps a version 1 offer with the new fields empty', () => {
    const o = one(
      v1({
        ...minimal,
        type: 'fixed',
        energyPriceOrePerKwh: 89.9,
        customerType: 'household',
        markupOrePerKwh: 0,
        monthlyFeeOre: 3900,
        bindingMonths: 12,
        demo: true,
      }),
    );
    expect(o).toEqual({
      id: 'x-spot',
      supplierName: 'X AS',
      supplierOrgnr: '811143758',
      name: 'Spot',
      productType: 'fixed',
      areas: ['NO1'],
      customerType: 'household',
      cabin: false,
      markupOrePerKwh: 0,
      energyPriceOrePerKwh: 89.9,
      elCertificate: null,
      monthlyFeeOre: 3900,
      fixedMonths: null,
      fixedUntil: null,
      bindingMonths: 12,
      exitFee: null,
      conditions: NO_CONDITIONS,
      validFrom: '2026-01-01',
      validTo: null,
      isDemo: true,
    });
  });

  it('turns the cabin customer type into a household cabin offer', () => {
    expect(one(v1({ ...minimal, customerType: 'cabin' }))).toMatchObject({
      customerType: 'household',
      cabin: true,
    });
  });

  it('rounds prices to the four decimals they were always stored with, and never reads a correction', () => {
    const r = parseOfferFile(v1({ ...minimal, markupOrePerKwh: 1.234567, correction: true }));
    expect(r.offers[0]?.markupOrePerKwh).toBe(1.2346);
    expect(r.entries[0]?.correction).toBe(false);
  });

  it.each([
    [{ type: 'hourly_spot' }, 'offers[0].type'],
    [{ type: 'fixed' }, 'offers[0].energyPriceOrePerKwh'],
    [{ energyPriceOrePerKwh: 50 }, 'offers[0].energyPriceOrePerKwh'],
    [{ customerType: 'farm' }, 'offers[0].customerType'],
    [{ monthlyFeeOre: 39.5 }, 'offers[0].monthlyFeeOre'],
    [{ validTo: '2025-01-01' }, 'offers[0].validTo'],
  ])('still refuses %j at %s', (patch, at) => {
    const r = parseOfferFile(v1({ ...minimal, ...patch }));
    expect(r.offers).toEqual([]);
    expect(r.rejected.map((p) => p.at)).toContain(at);
  });
});

describe('the demo catalogue', () => {
  const r = parseOfferFile(
    fs.readFileSync(path.join(import.meta.dirname, '..', '..', '..', 'demo', 'offers.json'), 'utf8'),
  );

  it('is a version 2 catalogue of demo offers only, every supplier labelled demo', () => {
    expect(r.format).toBe('elvakt-offers/2');
    expect(r.rejected).toEqual([]);
    expect(
      r.offers.every((o) => o.isDemo && o.id.startsWith('demo-') && o.supplierName.endsWith('(demo)')),
    ).toBe(true);
  });

  it('keeps the prices of the five original offers', () => {
    const current = (id: string) =>
      r.offers.filter((o) => o.id === id).sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0];
    const prices = (id: string) => {
      const o = current(id);
      return [o?.productType, o?.markupOrePerKwh, o?.energyPriceOrePerKwh, o?.monthlyFeeOre];
    };
    expect(prices('demo-vestkyst-spot')).toEqual(['spot', 5.9, null, 4900]);
    expect(prices('demo-fjellstrom-spot')).toEqual(['spot', 0, null, 3920]);
    expect(prices('demo-fjordenergi-timespot')).toEqual(['hourly_spot', 1.5, null, 2900]);
    expect(prices('demo-nordlys-fast12')).toEqual(['fixed', 0, 89.9, 3900]);
    expect(prices('demo-bygdekraft-variabel')).toEqual(['variable', 0, 105, 0]);
  });

  it('shows a plus product with a membership, a binding with an exit fee, and a cabin product', () => {
    expect(r.offers.some((o) => o.productType === 'plus' && o.conditions.membership !== null)).toBe(true);
    expect(r.offers.some((o) => o.bindingMonths > 0 && o.exitFee !== null)).toBe(true);
    expect(r.offers.some((o) => o.cabin)).toBe(true);
  });
});

describe('planning an import against what is stored', () => {
  const base = one(v2(minimal));
  const entry = (offer: Offer, correction = false, at = 'offers[0]'): OfferEntry => ({
    at,
    offer,
    correction,
  });
  const stored = (...versions: StoredOfferVersion[]) =>
    new Map(versions.map((v) => [versionKey(v.offer.id, v.offer.validFrom), v]));

  it('adds what is new and leaves what is the same', () => {
    const later = { ...base, validFrom: '2026-06-01', markupOrePerKwh: 2 };
    const plan = planOfferImport([entry(base), entry(later)], stored({ offer: base, revision: 1 }));
    expect(plan).toMatchObject({ added: 1, unchanged: 1, revised: 0, refused: [] });
    expect(plan.writes).toEqual([{ offer: later, revision: 1 }]);
  });

  it('takes the same terms in another shape as the same: area order, conditions read back from JSON', () => {
    const reordered = one(v2({ ...full, areas: ['NO1', 'NO5'] }));
    const { membership, otherPurchase, payment } = reordered.conditions;
    // jsonb gives keys back in an order of its own.
    const fromJson = {
      ...reordered,
      conditions: JSON.parse(JSON.stringify({ payment, otherPurchase, membership })),
    };
    expect(offerChanges(one(v2(full)), fromJson)).toEqual([]);
  });

  it('refuses a changed price of a stored version, naming the offer and what changed', () => {
    const changed = { ...base, markupOrePerKwh: 2, monthlyFeeOre: 100 };
    const plan = planOfferImport([entry(changed, false, 'offers[3]')], stored({ offer: base, revision: 1 }));
    expect(plan.writes).toEqual([]);
    expect(plan.refused).toHaveLength(1);
    expect(plan.refused[0]?.at).toBe('offers[3]');
    expect(plan.refused[0]?.message).toMatch(/markupOrePerKwh, monthlyFeeOre/);
    expect(plan.refused[0]?.message).toMatch(/correction/);
  });

  it('reports the areas a change touches, also one a new version leaves', () => {
    const later = { ...base, areas: ['NO1'] as const, validFrom: '2026-06-01' };
    const wide = { ...base, areas: ['NO1', 'NO2'] as const };
    const other = { ...base, id: 'other', areas: ['NO4'] as const };
    const plan = planOfferImport(
      [entry(later)],
      stored({ offer: wide, revision: 1 }, { offer: other, revision: 1 }),
    );
    expect(plan.areas).toEqual(['NO1', 'NO2']);
    expect(planOfferImport([entry(wide)], stored({ offer: wide, revision: 1 })).areas).toEqual([]);
  });

  it('stores a correction as the next revision', () => {
    const changed = { ...base, markupOrePerKwh: 2 };
    const plan = planOfferImport([entry(changed, true)], stored({ offer: base, revision: 3 }));
    expect(plan).toMatchObject({ revised: 1, refused: [] });
    expect(plan.writes).toEqual([{ offer: changed, revision: 4 }]);
  });

  it('takes a new validTo without a correction, as a revision', () => {
    const ended = { ...base, validTo: '2026-03-31' };
    const plan = planOfferImport([entry(ended)], stored({ offer: base, revision: 1 }));
    expect(plan.writes).toEqual([{ offer: ended, revision: 2 }]);
  });

  it('treats conditions, the cabin flag and the demo flag as terms', () => {
    expect(offerChanges(base, { ...base, cabin: true })).toEqual(['cabin']);
    expect(offerChanges(base, { ...base, isDemo: true })).toEqual(['isDemo']);
    expect(
      offerChanges(base, { ...base, conditions: { ...NO_CONDITIONS, otherPurchase: 'Forsikring' } }),
    ).toEqual(['conditions']);
  });
});

describe('who may buy an offer', () => {
  it('sends cabins to household cabin products and everyone else to their own', () => {
    expect(offerAudience('cabin')).toEqual({ customerType: 'household', cabin: true });
    expect(offerAudience('household')).toEqual({ customerType: 'household', cabin: false });
    expect(offerAudience('business')).toEqual({ customerType: 'business', cabin: false });
  });
});

describe('the savings engine on the new product types', () => {
  it('prices hourly spot and plus products at the spot price unless they have a price of their own', () => {
    const start = osloMonthStart(2026, 3);
    const hours = 48;
    const startMs = Float64Array.from({ length: hours }, (_, i) => start + i * HOUR_MS);
    const kwh = Float64Array.from({ length: hours }, (_, i) => 1 + (i % 5));
    const spotOre = Float64Array.from({ length: hours }, (_, i) => 40 + (i % 24) * 3);
    const offers = parseOfferFile(
      v2(
        { ...minimal, id: 'a-spot' },
        { ...minimal, id: 'b-hourly', type: 'hourly_spot' },
        { ...minimal, id: 'c-plus', type: 'plus' },
        { ...minimal, id: 'd-plus-own', type: 'plus', energyPriceOrePerKwh: 50 },
      ),
    ).offers;
    const r = calculateSavings({
      startMs,
      kwh,
      spotOre,
      spotEstimated: new Uint8Array(hours),
      offers,
      currentOfferId: null,
      vatRate: 0.25,
    });
    const energy = (id: string) => r.offers.find((o) => o.offer.id === id)?.energyOre;
    let atSpot = 0;
    let used = 0;
    for (let i = 0; i < hours; i++) {
      atSpot += (kwh[i] as number) * (spotOre[i] as number);
      used += kwh[i] as number;
    }
    expect(energy('a-spot')).toBe(Math.round(atSpot));
    expect(energy('b-hourly')).toBe(Math.round(atSpot));
    expect(energy('c-plus')).toBe(Math.round(atSpot));
    expect(energy('d-plus-own')).toBe(Math.round(used * 50));
  });
});
