import { gs1CheckDigit, parseMeteringPointId } from '../identity/metering-point-id.ts';
import { isValidOrgnr } from '../identity/organisasjonsnummer.ts';
import type { Finding, Party, UblDocument } from './ubl.ts';

/**
 * The checks that decide whether the numbers of a parsed document can be trusted: the
 * arithmetic of EN 16931 (BR-CO-*), the per-category tax breakdown (BR-*-08), the
 * identifiers of PEPPOL and EHF (PEPPOL-COMMON-R041, NO-R-001), metering point IDs, and
 * dates. Arithmetic that does not add up is fatal; the amounts downstream are only as good
 * as these sums. Flaws that do not change an amount (a buyer's organisation number, a
 * metering point's check digit) are warnings, because real feeds carry them.
 */
export const checkUbl = (d: UblDocument): Finding[] => {
  const out: Finding[] = [];
  const fatal = (rule: string, message: string, at?: string) =>
    out.push(
      at === undefined ? { rule, severity: 'fatal', message } : { rule, severity: 'fatal', message, at },
    );
  const warn = (rule: string, message: string, at?: string) =>
    out.push(
      at === undefined ? { rule, severity: 'warning', message } : { rule, severity: 'warning', message, at },
    );
  const nok = (ore: number) => (ore / 100).toFixed(2);

  if (!/^[A-Z]{3}$/.test(d.currency)) fatal('BR-CL-04', 'The currency code is not an ISO 4217 code.');

  // Totals.
  const t = d.totals;
  const lineSum = sum(d.lines.map((l) => l.lineAmountOre));
  if (lineSum !== t.lineExtensionOre) {
    fatal(
      'BR-CO-10',
      `The lines add up to ${nok(lineSum)}, but the line total says ${nok(t.lineExtensionOre)}.`,
    );
  }
  const allowances = sum(d.allowanceCharges.filter((a) => !a.charge).map((a) => a.amountOre));
  const charges = sum(d.allowanceCharges.filter((a) => a.charge).map((a) => a.amountOre));
  if ((t.allowanceTotalOre ?? 0) !== allowances) {
    fatal('BR-CO-11', `The allowances add up to ${nok(allowances)}, not ${nok(t.allowanceTotalOre ?? 0)}.`);
  }
  if ((t.chargeTotalOre ?? 0) !== charges) {
    fatal('BR-CO-12', `The charges add up to ${nok(charges)}, not ${nok(t.chargeTotalOre ?? 0)}.`);
  }
  const taxExclusive = t.lineExtensionOre - (t.allowanceTotalOre ?? 0) + (t.chargeTotalOre ?? 0);
  if (taxExclusive !== t.taxExclusiveOre) {
    fatal(
      'BR-CO-13',
      `Line total − allowances + charges is ${nok(taxExclusive)}, not ${nok(t.taxExclusiveOre)}.`,
    );
  }
  const subtotalTax = sum(d.taxSubtotals.map((s) => s.taxOre));
  if (subtotalTax !== d.taxTotalOre) {
    fatal(
      'BR-CO-14',
      `The tax subtotals add up to ${nok(subtotalTax)}, but the tax total is ${nok(d.taxTotalOre)}.`,
    );
  }
  if (t.taxExclusiveOre + d.taxTotalOre !== t.taxInclusiveOre) {
    fatal(
      'BR-CO-15',
      `Amount without tax + tax is ${nok(t.taxExclusiveOre + d.taxTotalOre)}, not ${nok(t.taxInclusiveOre)}.`,
    );
  }
  const payable = t.taxInclusiveOre - (t.prepaidOre ?? 0) + (t.roundingOre ?? 0);
  if (payable !== t.payableOre) {
    fatal('BR-CO-16', `Amount with tax − prepaid + rounding is ${nok(payable)}, not ${nok(t.payableOre)}.`);
  }
  if (d.taxSubtotals.length === 0) fatal('BR-CO-18', 'The document has no tax breakdown.');

  // Tax breakdown per category and rate.
  for (const s of d.taxSubtotals) {
    const key = `${s.category}/${s.percent ?? 0}`;
    const named = `${s.category} (${s.percent ?? 0} %)`;
    const matches = (category: string | null, percent: number | null) =>
      `${category}/${percent ?? 0}` === key;
    const taxable =
      sum(d.lines.filter((l) => matches(l.taxCategory, l.taxPercent)).map((l) => l.lineAmountOre)) +
      sum(
        d.allowanceCharges
          .filter((a) => matches(a.taxCategory, a.taxPercent))
          .map((a) => (a.charge ? 1 : -1) * a.amountOre),
      );
    if (taxable !== s.taxableOre) {
      fatal(
        `BR-${s.category}-08`,
        `The lines, allowances and charges in VAT category ${named} add up to ${nok(taxable)} NOK, but its taxable amount says ${nok(s.taxableOre)} NOK.`,
        `TaxSubtotal ${key}`,
      );
    }
    const expected = Math.sign(s.taxableOre) * Math.round((Math.abs(s.taxableOre) * (s.percent ?? 0)) / 100);
    const off = Math.abs(Math.abs(s.taxOre) - Math.abs(expected));
    if (off >= 100) {
      fatal(
        'BR-CO-17',
        `The VAT in category ${named} should be ${nok(expected)} NOK (${s.percent ?? 0} % of the sum of its lines), not ${nok(s.taxOre)} NOK.`,
        `TaxSubtotal ${key}`,
      );
    } else if (off > 1) {
      warn(
        'BR-CO-17',
        `The VAT in category ${named} is ${nok(off)} NOK off the sum of its lines: ${s.percent ?? 0} % of ${nok(s.taxableOre)} NOK is ${nok(expected)} NOK, the invoice says ${nok(s.taxOre)} NOK.`,
        `TaxSubtotal ${key}`,
      );
    }
    if (
      ['E', 'AE', 'K', 'G', 'O'].includes(s.category) &&
      s.exemptionReason === null &&
      s.exemptionReasonCode === null
    ) {
      warn(
        `BR-${s.category}-10`,
        `Tax category ${s.category} needs an exemption reason.`,
        `TaxSubtotal ${key}`,
      );
    }
  }

  // Lines.
  for (const l of d.lines) {
    const at = `line ${l.id}`;
    if (l.baseQuantity !== null && !(l.baseQuantity.value > 0)) {
      fatal('PEPPOL-EN16931-R121', 'The base quantity must be greater than zero.', at);
      continue;
    }
    if (l.price !== null) {
      const lineCharges = sum(l.allowanceCharges.map((a) => (a.charge ? 1 : -1) * a.amountOre));
      const expected = (l.quantity.value * l.price.value * 100) / (l.baseQuantity?.value ?? 1) + lineCharges;
      if (Math.abs(expected - l.lineAmountOre) > 2) {
        warn(
          'PEPPOL-EN16931-R120',
          `Quantity × price / base quantity is ${nok(Math.round(expected))}, but the line amount is ${nok(l.lineAmountOre)}.`,
          at,
        );
      }
    }
    if (l.period?.start && l.period.end && l.period.end < l.period.start) {
      fatal('BR-30', 'The line period ends before it starts.', at);
    }
    if (l.meteringPointId !== null) checkMeteringPoint(l.meteringPointId, at, warn);
  }

  // Dates.
  if (d.period?.start && d.period.end && d.period.end < d.period.start) {
    fatal('BR-29', 'The invoice period ends before it starts.');
  }
  if (d.dueDate !== null && d.dueDate < d.issueDate)
    warn('ELVAKT-DATE-DUE', 'The due date is before the issue date.');
  for (const p of [d.period, ...d.lines.map((l) => l.period)]) {
    if (p?.start && p.end && daysBetween(p.start, p.end) > 400) {
      warn('ELVAKT-DATE-PERIOD', 'A period is longer than 13 months.');
      break;
    }
  }

  // Identifiers.
  checkParty(d.seller, 'seller', fatal, warn);
  checkParty(d.buyer, 'buyer', warn, warn);
  if (d.seller.orgnr === null && d.seller.endpoint === null) {
    fatal('PEPPOL-EN16931-R020', 'The seller has neither an electronic address nor an organisation number.');
  }
  for (const id of d.meteringPointIds) checkMeteringPoint(id, 'AdditionalDocumentReference', warn);
  return out;
};

type Report = (rule: string, message: string, at?: string) => void;

const checkParty = (p: Party, role: 'seller' | 'buyer', severe: Report, warn: Report): void => {
  const ids = [
    ...(p.endpoint?.scheme === '0192' ? [p.endpoint.id] : []),
    ...p.identifiers.filter((i) => i.scheme === '0192').map((i) => i.id),
    ...(p.orgnr !== null && /^\d+$/.test(p.orgnr) ? [p.orgnr] : []),
  ];
  for (const id of new Set(ids)) {
    if (!isValidOrgnr(id) || !/^\d{9}$/.test(id)) {
      severe(
        'PEPPOL-COMMON-R041',
        `The ${role}'s organisation number is not nine digits with a valid mod-11 check digit.`,
        role,
      );
    }
  }
  for (const gln of p.gln) {
    if (!/^\d{13}$/.test(gln) || gs1CheckDigit(gln.slice(0, 12)) !== Number(gln[12])) {
      warn('PEPPOL-COMMON-R040', `A GLN of the ${role} is not 13 digits with a valid GS1 check digit.`, role);
    }
  }
  const norwegian = p.address?.country === 'NO' || p.orgnr !== null;
  if (p.vatId?.startsWith('NO') && norwegian) {
    const m = /^NO(\d{9})MVA$/.exec(p.vatId);
    if (!m || !isValidOrgnr(m[1] as string)) {
      severe(
        'NO-R-001',
        `The ${role}'s VAT identifier is not NO, a valid organisation number and MVA.`,
        role,
      );
    } else if (p.orgnr !== null && m[1] !== p.orgnr) {
      warn('ELVAKT-VAT-ORGNR', `The ${role}'s VAT identifier and organisation number differ.`, role);
    }
  }
};

const checkMeteringPoint = (id: string, at: string, warn: Report): void => {
  const parsed = parseMeteringPointId(id);
  if (!parsed) warn('ELVAKT-MPID-FORMAT', 'The metering point ID is not 18 digits.', at);
  else if (!parsed.checkDigitOk)
    warn('ELVAKT-MPID-CHECK', 'The metering point ID has a wrong GS1 check digit.', at);
  else if (!parsed.norwegian)
    warn('ELVAKT-MPID-COUNTRY', 'The metering point ID is not a Norwegian one (7070575…).', at);
};

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

const daysBetween = (a: string, b: string): number => (Date.parse(b) - Date.parse(a)) / 86_400_000;
