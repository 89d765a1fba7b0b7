import type { Offer } from '../market/offers.ts';

/** A plain spot offer in NO1 for engine tests, with whatever the test sets on top. */
export const testOffer = (o: Partial<Offer> & Pick<Offer, 'id'>): Offer => ({
  supplierName: 'S',
  supplierOrgnr: null,
  name: o.id,
  productType: 'spot',
  areas: ['NO1'],
  customerType: 'household',
  cabin: false,
  markupOrePerKwh: 0,
  energyPriceOrePerKwh: null,
  elCertificate: null,
  monthlyFeeOre: 0,
  fixedMonths: null,
  fixedUntil: null,
  bindingMonths: 0,
  exitFee: null,
  conditions: { membership: null, otherPurchase: null, payment: [] },
  validFrom: '2025-01-01',
  validTo: null,
  isDemo: false,
  ...o,
});
