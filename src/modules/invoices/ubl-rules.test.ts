import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseUbl } from './ubl-parser.ts';

const EHF = fs.readFileSync(
  path.join(
    import.meta.dirname,
    '..',
    '..',
    '..',
    'fixtures',
    'conformance',
    'ehf',
    'Invoice_EHF3.0_forward-billing-nettleie-corporate_v2.0.xml',
  ),
  'utf8',
);

const edit = (pairs: readonly (readonly [string, string])[]): string =>
  pairs.reduce((xml, [from, to]) => {
    if (!xml.includes(from)) throw new Error(`fixture does not contain ${from}`);
    return xml.replace(from, to);
  }, EHF);

const outcome = (xml: string) => {
  const r = parseUbl(xml);
  return { ok: r.ok, rules: r.findings.map((f) => `${f.severity}:${f.rule}`) };
};

const LINE2 = '<cbc:LineExtensionAmount currencyID="NOK">1063.58</cbc:LineExtensionAmount>';
const TAX_TOTAL = '<cbc:TaxAmount currencyID="NOK">308.63</cbc:TaxAmount>\n    <cac:TaxSubtotal>';
const PAYABLE = '<cbc:PayableAmount currencyID="NOK">1543.34</cbc:PayableAmount>';

describe('rule checks on the numbers', () => {
  it('the untouched corporate example passes with only the known warnings', () => {
    expect(outcome(EHF)).toEqual({
      ok: true,
      rules: ['warning:BR-CO-17', 'warning:PEPPOL-COMMON-R040', 'warning:ELVAKT-MPID-CHECK'],
    });
  });

  it.each([
    [
      'a line amount that does not add up to the line total',
      [[LINE2, LINE2.replace('1063.58', '1063.59')]],
      'fatal:BR-CO-10',
    ],
    [
      'a tax total that is not the sum of its subtotals',
      [[TAX_TOTAL, TAX_TOTAL.replace('308.63', '308.64')]],
      'fatal:BR-CO-14',
    ],
    [
      'a payable amount that is not tax inclusive − prepaid + rounding',
      [[PAYABLE, PAYABLE.replace('1543.34', '1534.34')]],
      'fatal:BR-CO-16',
    ],
    [
      'a tax inclusive amount that is not tax exclusive + tax',
      [
        [
          '<cbc:TaxInclusiveAmount currencyID="NOK">1543.34',
          '<cbc:TaxInclusiveAmount currencyID="NOK">1643.34',
        ],
        [PAYABLE, PAYABLE.replace('1543.34', '1643.34')],
      ],
      'fatal:BR-CO-15',
    ],
    [
      'a tax exclusive amount that ignores a charge',
      [
        [
          '<cbc:TaxExclusiveAmount currencyID="NOK">1234.71',
          '<cbc:TaxExclusiveAmount currencyID="NOK">1234.72',
        ],
      ],
      'fatal:BR-CO-13',
    ],
    [
      'tax of a category far from its rate',
      [
        [TAX_TOTAL, TAX_TOTAL.replace('308.63', '200.00')],
        [
          '<cbc:TaxAmount currencyID="NOK">308.63</cbc:TaxAmount>\n      <cac:TaxCategory>',
          '<cbc:TaxAmount currencyID="NOK">200.00</cbc:TaxAmount>\n      <cac:TaxCategory>',
        ],
        [
          '<cbc:TaxInclusiveAmount currencyID="NOK">1543.34',
          '<cbc:TaxInclusiveAmount currencyID="NOK">1434.71',
        ],
        [PAYABLE, PAYABLE.replace('1543.34', '1434.71')],
      ],
      'fatal:BR-CO-17',
    ],
    [
      'an amount in another currency than the document',
      [[LINE2, LINE2.replace('NOK', 'SEK')]],
      'fatal:PEPPOL-EN16931-R051',
    ],
    [
      'a seller organisation number failing mod 11',
      [
        [
          '<cbc:EndpointID schemeID="0192">811143758</cbc:EndpointID>',
          '<cbc:EndpointID schemeID="0192">811143757</cbc:EndpointID>',
        ],
      ],
      'fatal:PEPPOL-COMMON-R041',
    ],
    [
      'a Norwegian VAT identifier without MVA',
      [['<cbc:CompanyID>NO811143758MVA</cbc:CompanyID>', '<cbc:CompanyID>NO811143758</cbc:CompanyID>']],
      'fatal:NO-R-001',
    ],
    [
      'a line period that ends before it starts',
      [['<cbc:StartDate>2019-03-01</cbc:StartDate>', '<cbc:StartDate>2019-06-01</cbc:StartDate>']],
      'fatal:BR-30',
    ],
    ['an impossible date', [['<cbc:IssueDate>2019-04-01', '<cbc:IssueDate>2019-02-30']], 'fatal:BR-03'],
    ['a document without a number', [['<cbc:ID>0997462625</cbc:ID>', '']], 'fatal:BR-02'],
    [
      'a negative price',
      [['<cbc:PriceAmount currencyID="NOK">0.4153', '<cbc:PriceAmount currencyID="NOK">-0.4153']],
      'fatal:BR-27',
    ],
    [
      'a zero base quantity',
      [['<cbc:BaseQuantity unitCode="DAY">365', '<cbc:BaseQuantity unitCode="DAY">0']],
      'fatal:PEPPOL-EN16931-R121',
    ],
  ] as const)('refuses %s', (_name, pairs, rule) => {
    const r = outcome(edit(pairs));
    expect(r.ok).toBe(false);
    expect(r.rules).toContain(rule);
  });

  it.each([
    [
      'a metering point ID that is not 18 digits',
      [['<cbc:ID schemeID="AVE">707057500011223344', '<cbc:ID schemeID="AVE">70705750001122334']],
      'warning:ELVAKT-MPID-FORMAT',
    ],
    [
      'a line whose quantity × price is off from its amount',
      [['<cbc:PriceAmount currencyID="NOK">0.4153', '<cbc:PriceAmount currencyID="NOK">0.4253']],
      'warning:PEPPOL-EN16931-R120',
    ],
    [
      'a due date before the issue date',
      [['<cbc:DueDate>2019-05-12', '<cbc:DueDate>2019-03-12']],
      'warning:ELVAKT-DATE-DUE',
    ],
    [
      'a buyer organisation number failing mod 11',
      [['<cbc:CompanyID schemeID="0192">987654325', '<cbc:CompanyID schemeID="0192">987654321']],
      'warning:PEPPOL-COMMON-R041',
    ],
  ] as const)('accepts, with a warning, %s', (_name, pairs, rule) => {
    const r = outcome(edit(pairs));
    expect(r.ok).toBe(true);
    expect(r.rules).toContain(rule);
  });

  it('accepts a correct metering point ID without a finding about it', () => {
    const r = outcome(
      edit([['<cbc:ID schemeID="AVE">707057500011223344', '<cbc:ID schemeID="AVE">707057500123456785']]),
    );
    expect(r.rules.filter((x) => x.includes('MPID'))).toEqual([]);
  });
});
