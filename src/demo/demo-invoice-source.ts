import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type {
  InvoiceListing,
  InvoiceListRequest,
  InvoiceSource,
} from '../modules/invoices/invoice-source.ts';
import { type Offer, parseOfferFile } from '../modules/market/offers.ts';
import { readEurHourly, readNorgesBankRates, readRecordingSpot } from '../modules/market/spot.ts';
import { vatFor } from '../modules/market/vat.ts';
import { recordingConsumption } from '../modules/metering/readers.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import { osloMonthStart, parseMonthKey } from '../platform/time.ts';
import {
  DEMO_METERING_POINT,
  DEMO_OFFERS_FILE,
  DEMO_PERSON,
  HOURLY_DIR,
  recordingFiles,
} from './demo-household.ts';
import {
  buildDemoInvoice,
  DEMO_SUPPLIER,
  type DemoHour,
  type DemoInvoice,
  invoiceableMonths,
} from './demo-invoices.ts';

/**
 * The demo household's electricity invoices from the recorded consumption: the spot price of
 * each hour is the recording's own (exact), else Nord Pool's EUR price at Norges Bank's rate,
 * as the demo's market data has it; the product is the household's current contract as
 * priced in that month. Only the months a supplier would have invoiced by `asOf`.
 */
export const demoHouseholdInvoices = (asOf: Date): DemoInvoice[] => {
  const hours: DemoHour[] = [];
  const spot = new Map<number, number>();
  for (const file of recordingFiles()) {
    const text = fs.readFileSync(file, 'utf8');
    hours.push(...recordingConsumption(text).points);
    for (const p of readRecordingSpot(text, 'NO5').points) spot.set(p.startMs, p.orePerKwh);
  }
  const rates = readNorgesBankRates(fs.readFileSync(path.join(HOURLY_DIR, 'nb_eur_nok_2026.json'), 'utf8'));
  const eur = readEurHourly(
    fs.readFileSync(path.join(HOURLY_DIR, 'nordpool_eur_no5_2026.json'), 'utf8'),
    rates,
  );
  // An exact price beats one converted from EUR.
  for (const p of eur.points) if (!spot.has(p.startMs)) spot.set(p.startMs, p.orePerKwh);
  const versions = parseOfferFile(fs.readFileSync(DEMO_OFFERS_FILE, 'utf8')).offers.filter(
    (o) => o.id === DEMO_SUPPLIER.offerId,
  );
  return invoiceableMonths(hours, (t) => spot.get(t), asOf).map(({ month, hours: priced }) => {
    const first = `${month}-01`;
    const offer = versions
      .filter((o) => o.validFrom <= first)
      .sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1))[0] as Offer;
    const { year, month: m } = parseMonthKey(month);
    const vat = vatFor('household', DEMO_METERING_POINT.countyCode, new Date(osloMonthStart(year, m)));
    return buildDemoInvoice({
      month,
      meteringPointId: DEMO_METERING_POINT.meteringPointId,
      buyerName: DEMO_PERSON.name,
      hours: priced,
      product: {
        name: offer.name,
        markupOrePerKwh: offer.markupOrePerKwh,
        monthlyFeeOre: offer.monthlyFeeOre,
      },
      vatRate: vat.rate,
    });
  });
};

/**
 * Stands in for the bank in the demo, as the demo metering source stands in for Elhub: it
 * answers for the demo person only, with the invoices issued since the date asked for, up
 * to today. What it hands out goes through the same fetch and ingest as a bank's documents.
 */
export class DemoInvoiceSource implements InvoiceSource {
  readonly name = 'demo-bank';

  constructor(private readonly clock: Clock) {}

  private documents(since: string): Map<string, { listing: InvoiceListing; xml: string }> {
    const out = new Map<string, { listing: InvoiceListing; xml: string }>();
    for (const inv of demoHouseholdInvoices(this.clock.now())) {
      if (inv.issueDate < since) continue;
      const bytes = Buffer.from(inv.xml, 'utf8');
      const listing: InvoiceListing = {
        invoiceRef: `demo-${inv.number.toLowerCase()}`,
        issuer: { orgnr: DEMO_SUPPLIER.orgnr, name: DEMO_SUPPLIER.name, gln: null },
        issueDate: inv.issueDate,
        documentType: 'invoice',
        sha256: createHash('sha256').update(bytes).digest('hex'),
        bytes: bytes.length,
      };
      out.set(listing.invoiceRef, { listing, xml: inv.xml });
    }
    return out;
  }

  async *list(req: InvoiceListRequest): AsyncIterable<InvoiceListing> {
    if (req.nationalId !== DEMO_PERSON.identityNumber) return;
    if (req.issuerOrgnrs && !req.issuerOrgnrs.includes(DEMO_SUPPLIER.orgnr)) return;
    for (const { listing } of this.documents(req.since).values()) yield listing;
  }

  async fetchDocument(listing: InvoiceListing): Promise<string> {
    const found = this.documents(listing.issueDate).get(listing.invoiceRef);
    if (!found || found.listing.sha256 !== listing.sha256)
      throw new AppError('not_found', 'No such demo invoice.');
    return found.xml;
  }
}
