import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEhf } from './ehf-reader.ts';

const EHF = path.join(import.meta.dirname, '..', '..', '..', 'fixtures', 'conformance', 'ehf');
const read = (name: string) => fs.readFileSync(path.join(EHF, name), 'utf8');

describe('EHF forward-billing examples (official)', () => {
  it('reads the consumer grid invoice, with the known traps as findings', () => {
    const r = readEhf(read('Invoice_EHF3.0_forward-billing-nettleie-consumer_v2.0.xml'));
    if (!r.ok) throw new Error(JSON.stringify(r.findings));
    expect(r.value).toEqual({
      documentType: 'invoice',
      invoiceNumber: '0997462625',
      issueDate: '2019-04-01',
      currency: 'NOK',
      seller: { name: 'Havblikk Nett AS', orgnr: '811143758' },
      buyerName: 'Ola Nordmann',
      meteringPointId: '707057500011223344',
      period: { start: '2019-03-01', end: '2019-05-01' },
      kwh: 2561,
      payableOre: 154_334,
    });
    expect(r.findings.map((f) => [f.rule, f.severity])).toEqual([
      ['PEPPOL-COMMON-R041', 'warning'],
      ['ELVAKT-MPID-CHECK', 'warning'],
    ]);
  });

  it('reads the credit notes as negative amounts', () => {
    for (const file of [
      'Creditnote_EHF3.0_forward-billing-nettleie-consumer_v2.0.xml',
      'Creditnote_EHF3.0_forward-billing-nettleie-corporate_v2.0.xml',
    ]) {
      const r = readEhf(read(file));
      if (!r.ok) throw new Error(JSON.stringify(r.findings));
      expect(r.value.documentType).toBe('credit_note');
      expect(r.value.payableOre).toBe(-154_334);
      expect(r.value.kwh).toBe(2561);
    }
  });

  it('reads the corporate invoice without a private buyer name', () => {
    const r = readEhf(read('Invoice_EHF3.0_forward-billing-nettleie-corporate_v2.0.xml'));
    expect(r.ok && r.value.buyerName).toBeNull();
  });
});

const minimal = (root: string, ns: string) =>
  `<?xml version="1.0"?><${root} xmlns="${ns}" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>1</cbc:ID></${root}>`;

describe('hostile and wrong documents are refused with a named problem', () => {
  it.each([
    [
      'an external entity',
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Invoice>&e;</Invoice>',
      'ELVAKT-XML-DTD',
    ],
    [
      'entity expansion',
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><Invoice>&b;</Invoice>',
      'ELVAKT-XML-DTD',
    ],
    [
      'truncated XML',
      read('Invoice_EHF3.0_forward-billing-nettleie-consumer_v2.0.xml').slice(0, 2000),
      'ELVAKT-XML-WELLFORMED',
    ],
    ['binary garbage', '\u0000\u0001\u0002PK\u0003\u0004', 'ELVAKT-XML-WELLFORMED'],
    [
      'a UBL Order',
      minimal('Order', 'urn:oasis:names:specification:ubl:schema:xsd:Order-2'),
      'ELVAKT-UBL-ROOT',
    ],
    ['an Invoice in the wrong namespace', minimal('Invoice', 'urn:example:not-ubl'), 'ELVAKT-UBL-ROOT'],
  ])('%s', (_name, xml, rule) => {
    const r = readEhf(xml);
    expect(r.ok).toBe(false);
    expect(r.findings[0]?.rule).toBe(rule);
  });

  it('refuses an invoice without the numbers it must carry', () => {
    const r = readEhf(minimal('Invoice', 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'));
    expect(r.ok).toBe(false);
    expect(r.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['BR-03', 'BR-06', 'BR-15']));
  });
});
