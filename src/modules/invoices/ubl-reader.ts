import { normaliseOrgnr } from '../identity/organisasjonsnummer.ts';
import {
  type Address,
  type AllowanceCharge,
  type Attachment,
  type DocumentKind,
  EHF_FORWARD_BILLING,
  EHF_REMINDER,
  type Line,
  type Party,
  type PaymentMeans,
  type Period,
  type TaxSubtotal,
  type Totals,
  type UblDocument,
  type Variant,
} from './ubl.ts';
import { textOf, type UblValues } from './ubl-values.ts';
import type { XmlNode } from './xml-document.ts';

/**
 * Maps a parsed UBL 2.1 Invoice or CreditNote onto the normalised value. Missing or
 * malformed parts become findings on `v`; the caller decides from their severity whether
 * a value may leave the parser. Contact persons, telephone numbers and e-mail addresses
 * in the parties are not read: nothing downstream needs them.
 */
const PEPPOL_BIS3 = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
const DATE_ID = /^\d{4}-\d{2}-\d{2}$/;

export const readUbl = (v: UblValues, root: XmlNode, kind: DocumentKind): UblDocument | null => {
  const R = kind === 'invoice' ? 'Invoice' : 'CreditNote';
  const customizationId = v.text(root, 'CustomizationID', R);
  const variant = variantOf(customizationId);
  if (customizationId === null)
    v.fatal('BR-01', 'The document has no specification identifier (CustomizationID).', R);
  else if (!customizationId.startsWith(PEPPOL_BIS3)) {
    v.warn(
      'ELVAKT-CUSTOMIZATION',
      'The document does not claim PEPPOL BIS Billing 3.0 or EHF 3.0.',
      `${R}/CustomizationID`,
    );
  }
  v.currency = v.text(root, 'DocumentCurrencyCode', R);
  if (v.currency === null) v.fatal('BR-05', 'The document has no currency code.', R);

  const id = v.text(root, 'ID', R);
  if (id === null) v.fatal('BR-02', 'The document has no number.', R);
  const issueDate = v.date(root, 'IssueDate', R, 'BR-03');
  if (issueDate === null && v.text(root, 'IssueDate', R) === null)
    v.fatal('BR-03', 'The document has no issue date.', R);
  const typeCode = v.text(root, kind === 'invoice' ? 'InvoiceTypeCode' : 'CreditNoteTypeCode', R);
  if (typeCode === null && variant !== 'reminder') v.warn('BR-04', 'The document has no type code.', R);

  const seller = readParty(
    v,
    v.one(v.one(root, 'AccountingSupplierParty', R), 'Party', `${R}/AccountingSupplierParty`),
    'seller',
  );
  const buyer = readParty(
    v,
    v.one(v.one(root, 'AccountingCustomerParty', R), 'Party', `${R}/AccountingCustomerParty`),
    'buyer',
  );
  if (seller.registrationName === null)
    v.fatal('BR-06', 'The seller has no legal name.', 'AccountingSupplierParty');
  if (buyer.registrationName === null)
    v.warn('BR-07', 'The buyer has no legal name.', 'AccountingCustomerParty');

  const meteringPointIds: string[] = [];
  const attachments: Attachment[] = [];
  let endCustomerName: string | null = null;
  for (const ref of v.many(root, 'AdditionalDocumentReference')) {
    const at = `${R}/AdditionalDocumentReference`;
    const refId = v.one(ref, 'ID', at);
    const refText = textOf(refId);
    if (v.attr(refId, 'schemeID') === 'AVE' && refText !== null) {
      if (!meteringPointIds.includes(refText)) meteringPointIds.push(refText);
      continue;
    }
    const description = v.text(ref, 'DocumentDescription', at);
    // EHF forward billing: an ID that is a date marks a private end customer named in the description. The date (a birth date) is not kept.
    if (variant === 'forward_billing' && refText !== null && DATE_ID.test(refText) && description !== null) {
      endCustomerName = description;
      continue;
    }
    const attachment = v.one(ref, 'Attachment', at);
    if (attachment) attachments.push(readAttachment(v, attachment, refText, description, at));
  }

  const delivery = v.many(root, 'Delivery')[0];
  const location = v.one(delivery, 'DeliveryLocation', `${R}/Delivery`);
  const paymentMeans = v.many(root, 'PaymentMeans').map((p) => readPaymentMeans(v, p));
  const taxTotals = v.many(root, 'TaxTotal');
  // With a tax currency there are two tax totals; the one in the document currency carries the breakdown.
  const taxTotal =
    taxTotals.find((t) => v.attr(v.many(t, 'TaxAmount')[0], 'currencyID') === v.currency) ?? taxTotals[0];
  if (taxTotals.filter((t) => v.many(t, 'TaxSubtotal').length > 0).length > 1) {
    v.fatal('PEPPOL-EN16931-R053', 'Only one tax total may carry tax subtotals.', R);
  }
  const taxTotalOre = taxTotal ? v.amount(taxTotal, 'TaxAmount', `${R}/TaxTotal`, 'BR-CO-14') : null;
  const taxSubtotals = v.many(taxTotal, 'TaxSubtotal').map((s) => readTaxSubtotal(v, s));
  const totals = readTotals(v, v.one(root, 'LegalMonetaryTotal', R));
  const lineName = kind === 'invoice' ? 'InvoiceLine' : 'CreditNoteLine';
  const lines = v.many(root, lineName).map((l, i) => readLine(v, l, kind, `${lineName}[${i + 1}]`));
  if (lines.length === 0) v.fatal('BR-16', 'The document has no lines.', R);

  if (id === null || issueDate === null || v.currency === null || totals === null) return null;
  return {
    kind,
    variant,
    customizationId,
    profileId: v.text(root, 'ProfileID', R),
    id,
    issueDate,
    dueDate: v.date(root, 'DueDate', R, 'ELVAKT-DATE'),
    typeCode,
    currency: v.currency,
    buyerReference: v.text(root, 'BuyerReference', R),
    notes: v
      .many(root, 'Note')
      .map(textOf)
      .filter((n): n is string => n !== null),
    seller,
    buyer,
    endCustomerName,
    deliveryAddress: readAddress(v, v.one(location, 'Address', `${R}/Delivery/DeliveryLocation`)),
    deliveryLocationId: v.text(location, 'ID', `${R}/Delivery/DeliveryLocation`),
    meteringPointIds,
    period: readPeriod(v, v.many(root, 'InvoicePeriod')[0], `${R}/InvoicePeriod`),
    billingReferences: v
      .many(root, 'BillingReference')
      .map((b) =>
        v.text(v.one(b, 'InvoiceDocumentReference', `${R}/BillingReference`), 'ID', `${R}/BillingReference`),
      )
      .filter((x): x is string => x !== null),
    paymentMeans,
    allowanceCharges: v
      .many(root, 'AllowanceCharge')
      .map((a) => readAllowanceCharge(v, a, `${R}/AllowanceCharge`)),
    taxTotalOre: taxTotalOre ?? 0,
    taxSubtotals,
    totals,
    lines,
    attachments,
  };
};

const variantOf = (customizationId: string | null): Variant => {
  if (customizationId === null) return 'other';
  if (customizationId.endsWith(EHF_FORWARD_BILLING)) return 'forward_billing';
  if (customizationId.endsWith(EHF_REMINDER)) return 'reminder';
  return customizationId.startsWith(PEPPOL_BIS3) ? 'billing' : 'other';
};

const readParty = (v: UblValues, p: XmlNode | undefined, role: 'seller' | 'buyer'): Party => {
  const at = role === 'seller' ? 'AccountingSupplierParty/Party' : 'AccountingCustomerParty/Party';
  const endpointEl = v.one(p, 'EndpointID', at);
  const endpointId = textOf(endpointEl);
  const endpoint = endpointId === null ? null : { scheme: v.attr(endpointEl, 'schemeID'), id: endpointId };
  const identifiers = v
    .many(p, 'PartyIdentification')
    .map((pi) => v.one(pi, 'ID', `${at}/PartyIdentification`))
    .map((el) => ({ scheme: v.attr(el, 'schemeID'), id: textOf(el) }))
    .filter((x): x is { scheme: string | null; id: string } => x.id !== null);
  const legal = v.one(p, 'PartyLegalEntity', at);
  const legalIdEl = v.one(legal, 'CompanyID', `${at}/PartyLegalEntity`);
  const legalId = textOf(legalIdEl);
  const legalScheme = v.attr(legalIdEl, 'schemeID');
  let vatId: string | null = null;
  for (const scheme of v.many(p, 'PartyTaxScheme')) {
    const taxScheme = v.text(
      v.one(scheme, 'TaxScheme', `${at}/PartyTaxScheme`),
      'ID',
      `${at}/PartyTaxScheme`,
    );
    if (taxScheme === 'VAT') vatId = v.text(scheme, 'CompanyID', `${at}/PartyTaxScheme`);
  }
  const orgnr =
    (legalId !== null && (legalScheme === '0192' || (legalScheme === null && /^\d{9}$/.test(legalId)))
      ? legalId
      : null) ??
    (endpoint?.scheme === '0192' ? endpoint.id : null) ??
    identifiers.find((i) => i.scheme === '0192')?.id ??
    (vatId !== null && /^NO\d{9}MVA$/.test(vatId) ? normaliseOrgnr(vatId) : null);
  const gln = [
    ...(endpoint?.scheme === '0088' ? [endpoint.id] : []),
    ...identifiers.filter((i) => i.scheme === '0088').map((i) => i.id),
  ];
  return {
    endpoint,
    orgnr,
    gln: [...new Set(gln)],
    identifiers,
    vatId,
    name: v.text(v.many(p, 'PartyName')[0], 'Name', `${at}/PartyName`),
    registrationName: v.text(legal, 'RegistrationName', `${at}/PartyLegalEntity`),
    address: readAddress(v, v.one(p, 'PostalAddress', at)),
  };
};

const readAddress = (v: UblValues, a: XmlNode | undefined): Address | null => {
  if (a === undefined) return null;
  const at = 'Address';
  return {
    street: v.text(a, 'StreetName', at),
    additionalStreet: v.text(a, 'AdditionalStreetName', at),
    city: v.text(a, 'CityName', at),
    postalZone: v.text(a, 'PostalZone', at),
    countrySubentity: v.text(a, 'CountrySubentity', at),
    country: v.text(v.one(a, 'Country', at), 'IdentificationCode', `${at}/Country`),
  };
};

const readPeriod = (v: UblValues, p: XmlNode | undefined, at: string): Period | null => {
  if (p === undefined) return null;
  const start = v.date(p, 'StartDate', at, 'ELVAKT-DATE');
  const end = v.date(p, 'EndDate', at, 'ELVAKT-DATE');
  return start === null && end === null ? null : { start, end };
};

const readAttachment = (
  v: UblValues,
  a: XmlNode,
  id: string | null,
  description: string | null,
  at: string,
): Attachment => {
  const embedded = v.one(a, 'EmbeddedDocumentBinaryObject', `${at}/Attachment`);
  const base64 = textOf(embedded);
  return {
    id,
    description,
    filename: v.attr(embedded, 'filename'),
    mimeCode: v.attr(embedded, 'mimeCode'),
    bytes: base64 === null ? null : base64Bytes(base64),
    uri: v.text(
      v.one(a, 'ExternalReference', `${at}/Attachment`),
      'URI',
      `${at}/Attachment/ExternalReference`,
    ),
  };
};

/** Decoded size of base64 text without decoding it (the bytes stay in the stored original). */
const base64Bytes = (text: string): number => {
  const clean = text.replace(/\s+/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
};

const readPaymentMeans = (v: UblValues, p: XmlNode): PaymentMeans => {
  const account = v.one(p, 'PayeeFinancialAccount', 'PaymentMeans');
  return {
    code: v.text(p, 'PaymentMeansCode', 'PaymentMeans'),
    paymentId: v.text(p, 'PaymentID', 'PaymentMeans'),
    account: v.text(account, 'ID', 'PaymentMeans/PayeeFinancialAccount'),
    bic: v.text(
      v.one(account, 'FinancialInstitutionBranch', 'PaymentMeans/PayeeFinancialAccount'),
      'ID',
      'PaymentMeans/PayeeFinancialAccount/FinancialInstitutionBranch',
    ),
  };
};

const readTaxCategory = (v: UblValues, c: XmlNode | undefined, at: string) => {
  const percent = v.decimal(c, 'Percent', at, 'ELVAKT-DECIMAL');
  return { category: v.text(c, 'ID', at), percent: percent?.value ?? null };
};

const readTaxSubtotal = (v: UblValues, s: XmlNode): TaxSubtotal => {
  const at = 'TaxTotal/TaxSubtotal';
  const cat = v.one(s, 'TaxCategory', at);
  const { category, percent } = readTaxCategory(v, cat, `${at}/TaxCategory`);
  if (category === null) v.fatal('BR-CO-18', 'A tax subtotal has no tax category.', at);
  return {
    category: category ?? '',
    percent,
    taxableOre: v.amount(s, 'TaxableAmount', at, 'BR-45') ?? 0,
    taxOre: v.amount(s, 'TaxAmount', at, 'BR-46') ?? 0,
    exemptionReason: v.text(cat, 'TaxExemptionReason', `${at}/TaxCategory`),
    exemptionReasonCode: v.text(cat, 'TaxExemptionReasonCode', `${at}/TaxCategory`),
  };
};

const readTotals = (v: UblValues, t: XmlNode | undefined): Totals | null => {
  const at = 'LegalMonetaryTotal';
  if (t === undefined) {
    v.fatal('BR-12', 'The document has no monetary totals.', at);
    return null;
  }
  const need = (name: string, rule: string): number | null => {
    const ore = v.amount(t, name, at, rule);
    if (ore === null && v.text(t, name, at) === null) v.fatal(rule, `${name} is missing.`, at);
    return ore;
  };
  const lineExtensionOre = need('LineExtensionAmount', 'BR-12');
  const taxExclusiveOre = need('TaxExclusiveAmount', 'BR-13');
  const taxInclusiveOre = need('TaxInclusiveAmount', 'BR-14');
  const payableOre = need('PayableAmount', 'BR-15');
  if (
    lineExtensionOre === null ||
    taxExclusiveOre === null ||
    taxInclusiveOre === null ||
    payableOre === null
  ) {
    return null;
  }
  return {
    lineExtensionOre,
    taxExclusiveOre,
    taxInclusiveOre,
    allowanceTotalOre: v.amount(t, 'AllowanceTotalAmount', at, 'BR-CO-11'),
    chargeTotalOre: v.amount(t, 'ChargeTotalAmount', at, 'BR-CO-12'),
    prepaidOre: v.amount(t, 'PrepaidAmount', at, 'BR-CO-16'),
    roundingOre: v.amount(t, 'PayableRoundingAmount', at, 'BR-CO-16'),
    payableOre,
  };
};

const readAllowanceCharge = (v: UblValues, a: XmlNode, at: string): AllowanceCharge => {
  const indicator = v.text(a, 'ChargeIndicator', at);
  if (indicator !== 'true' && indicator !== 'false') {
    v.fatal('ELVAKT-UBL-CHARGE', 'ChargeIndicator must be true or false.', at);
  }
  const { category, percent } = readTaxCategory(v, v.one(a, 'TaxCategory', at), `${at}/TaxCategory`);
  const amountOre = v.amount(a, 'Amount', at, 'BR-CO-11');
  if (amountOre === null) v.fatal('BR-31', 'An allowance or charge has no amount.', at);
  return {
    charge: indicator === 'true',
    amountOre: amountOre ?? 0,
    baseAmountOre: v.amount(a, 'BaseAmount', at, 'ELVAKT-AMOUNT'),
    reasonCode: v.text(a, 'AllowanceChargeReasonCode', at),
    reason: v.text(a, 'AllowanceChargeReason', at),
    taxCategory: category,
    taxPercent: percent,
  };
};

const readLine = (v: UblValues, l: XmlNode, kind: DocumentKind, at: string): Line => {
  const quantityName = kind === 'invoice' ? 'InvoicedQuantity' : 'CreditedQuantity';
  const quantityEl = v.one(l, quantityName, at);
  const quantity = v.decimal(l, quantityName, at, 'BR-22');
  if (quantityEl === undefined) v.fatal('BR-22', 'A line has no quantity.', at);
  const lineAmountOre = v.amount(l, 'LineExtensionAmount', at, 'BR-24');
  if (lineAmountOre === null) v.fatal('BR-24', 'A line has no net amount.', at);
  const id = v.text(l, 'ID', at);
  if (id === null) v.fatal('BR-21', 'A line has no identifier.', at);
  const item = v.one(l, 'Item', at);
  const itemName = v.text(item, 'Name', `${at}/Item`);
  if (itemName === null) v.warn('BR-25', 'A line has no item name.', at);
  const price = v.one(l, 'Price', at);
  const priceAmount = v.decimal(price, 'PriceAmount', `${at}/Price`, 'BR-26');
  if (price === undefined) v.warn('BR-26', 'A line has no price.', at);
  else if (priceAmount !== null && priceAmount.value < 0)
    v.fatal('BR-27', 'A line has a negative price.', at);
  const baseQuantity = v.decimal(price, 'BaseQuantity', `${at}/Price`, 'ELVAKT-DECIMAL');
  const { category, percent } = readTaxCategory(
    v,
    v.one(item, 'ClassifiedTaxCategory', `${at}/Item`),
    `${at}/Item`,
  );
  const objectRef = v.many(l, 'DocumentReference').map((d) => v.one(d, 'ID', `${at}/DocumentReference`));
  const mpEl = objectRef.find((el) => v.attr(el, 'schemeID') === 'AVE');
  return {
    id: id ?? '',
    quantity: quantity ?? { text: '0', value: 0 },
    unitCode: v.attr(quantityEl, 'unitCode'),
    lineAmountOre: lineAmountOre ?? 0,
    price: priceAmount,
    baseQuantity,
    itemName,
    description: v.text(item, 'Description', `${at}/Item`),
    sellersItemId: v.text(v.one(item, 'SellersItemIdentification', `${at}/Item`), 'ID', `${at}/Item`),
    taxCategory: category,
    taxPercent: percent,
    period: readPeriod(v, v.one(l, 'InvoicePeriod', at), `${at}/InvoicePeriod`),
    meteringPointId: textOf(mpEl),
    allowanceCharges: v
      .many(l, 'AllowanceCharge')
      .map((a) => readAllowanceCharge(v, a, `${at}/AllowanceCharge`)),
    note: v.text(l, 'Note', at),
  };
};
