import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { CliIo } from '../../cli/io.ts';
import { registerUpdate } from '../../cli/register-command.ts';
import { AppError } from '../../platform/errors.ts';
import {
  DEFAULT_REGISTER_PATH,
  formatRegister,
  JsonArraySplitter,
  loadRegister,
  loadRegisterIndex,
  readEnhetsregisteretFile,
  updateRegister,
  writeRegister,
} from './seller-register.file.ts';
import {
  classifySeller,
  indexRegister,
  isValidGln,
  parseRegister,
  REGISTER_FORMAT,
  type RegisterEntry,
  type SellerRegister,
} from './seller-register.ts';
import { entriesFromSource, mergeRegisters, nameKey } from './seller-register-merge.ts';
import {
  fromEnhetsregisteret,
  fromFriNettleie,
  gridCompanyName,
  readNaceCode,
} from './seller-register-sources.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const TARIFFS = path.join(ROOT, 'fixtures', 'conformance', 'grid-tariffs');
const SAMPLE = path.join(ROOT, 'test', 'fixtures', 'brreg', 'enheter-sample.json');
const sampleUnits = (): unknown[] => JSON.parse(fs.readFileSync(SAMPLE, 'utf8'));

// Made-up identifiers: organisation numbers starting with 1 are never assigned, and GLNs
// starting with 2 are GS1's restricted circulation numbers, never a real location.
const TEST_GLN = '2000000000015';
const OTHER_GLN = '2000000000022';
const testTariff = (netteier: string, gln = TEST_GLN) =>
  `netteier: '${netteier}'\ngln:\n  - '${gln}'\nsist_oppdatert: '2026-01-02'\ntariffer: []\n`;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'elvakt-register-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const register = (entries: RegisterEntry[], ids = ['fri-nettleie', 'enhetsregisteret']): SellerRegister => ({
  format: REGISTER_FORMAT,
  generated: '2026-11-26',
  sources: ids.map((id) => ({
    id,
    title: id,
    url: 'https://example.org',
    licence: 'x',
    retrieved: '2026-11-01',
  })),
  entries,
});
const entry = (e: Partial<RegisterEntry>): RegisterEntry => ({
  name: 'Fiktiv AS',
  orgnr: null,
  gln: [],
  kinds: ['grid'],
  sources: ['fri-nettleie:tariffer/x.yml'],
  ...e,
});
const rejects = (json: unknown, message: RegExp) => {
  try {
    parseRegister(json);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    const err = e as AppError;
    expect([err.message, ...err.details.map((d) => `${d.at}: ${d.message}`)].join('\n')).toMatch(message);
    return;
  }
  throw new Error('accepted');
};

describe('the shipped register', () => {
  const shipped = loadRegister();

  it('lists every grid company of Fri nettleie with its GLNs, its source and its licence', () => {
    expect(DEFAULT_REGISTER_PATH).toBe(path.join(ROOT, 'registers', 'electricity-sellers.json'));
    // 77 tariff files of 72 companies: Area Nett has four tariff areas, Linja three.
    const fromFri = shipped.entries.filter((e) => e.sources.some((x) => x.startsWith('fri-nettleie:')));
    expect(fromFri).toHaveLength(72);
    expect(fromFri.every((e) => e.kinds.includes('grid') && e.gln.length > 0)).toBe(true);
    expect(shipped.sources.find((s) => s.id === 'fri-nettleie')).toMatchObject({
      url: 'https://github.com/kraftsystemet/fri-nettleie',
      licence: 'CC-BY-4.0 (credit: Fri nettleie)',
      retrieved: '2026-08-18',
    });
    const bkkFile = parseYaml(fs.readFileSync(path.join(TARIFFS, 'bkk.yml'), 'utf8')) as { gln: string[] };
    expect(bkkFile.gln).toEqual(['7080005051378']);
    const bkk = shipped.entries.find((e) => e.gln.includes('7080005051378'));
    expect(nameKey(bkk?.name ?? '')).toBe('bkk');
    expect(bkk?.sources).toContain('fri-nettleie:tariffer/bkk.yml');
    expect(shipped.entries.find((e) => e.sources.includes('fri-nettleie:tariffer/glitre.yml'))?.gln).toEqual([
      '7080005056069',
      '7080011182691',
    ]);
    // One company, four tariff areas, one GLN.
    const area = shipped.entries.find((e) => e.gln.includes('7080004087071'));
    expect(area?.sources.filter((x) => x.startsWith('fri-nettleie:'))).toHaveLength(4);
    for (const file of fs.readdirSync(TARIFFS).filter((f) => f.endsWith('.yml'))) {
      const doc = parseYaml(fs.readFileSync(path.join(TARIFFS, file), 'utf8')) as { gln: string[] };
      for (const gln of doc.gln)
        expect(shipped.entries.find((e) => e.gln.includes(gln))?.sources, file).toContain(
          `fri-nettleie:tariffer/${file}`,
        );
    }
  });

  it('is exactly what the update command makes from the fixture copy, so it cannot drift', async () => {
    // With the shipped file as the previous register, sources other than Fri nettleie carry over.
    const { register: again } = await updateRegister({
      friNettleieDir: TARIFFS,
      previous: shipped,
      today: '2000-01-01',
    });
    expect(again.entries).toEqual(shipped.entries);
    expect(again.sources).toEqual(shipped.sources);
    expect(formatRegister({ ...again, generated: shipped.generated })).toBe(
      fs.readFileSync(DEFAULT_REGISTER_PATH, 'utf8'),
    );
  });
});

describe('classification', () => {
  const index = indexRegister(
    register([
      entry({ name: 'Testnett Fiktiv AS', orgnr: '100000016', gln: [TEST_GLN], kinds: ['grid'] }),
      entry({ name: 'Fiktiv Energi AS', orgnr: '100044455', kinds: ['grid', 'supplier'] }),
      entry({ name: 'Fiktiv Strømsalg AS', orgnr: '100011123', gln: [OTHER_GLN], kinds: ['supplier'] }),
      entry({ name: 'Fiktiv Kraftproduksjon AS', orgnr: '100022230', kinds: ['producer'] }),
    ]),
  );
  it.each([
    [
      { orgnr: '100000016', glns: [] },
      { kind: 'grid', basis: 'orgnr', name: 'Testnett Fiktiv AS' },
    ],
    [
      { orgnr: 'NO 100 011 123 MVA', glns: [] },
      { kind: 'supplier', basis: 'orgnr', name: 'Fiktiv Strømsalg AS' },
    ],
    [
      { orgnr: null, glns: [TEST_GLN] },
      { kind: 'grid', basis: 'gln', name: 'Testnett Fiktiv AS' },
    ],
    [
      { orgnr: '100133334', glns: ['1234', OTHER_GLN] },
      { kind: 'supplier', basis: 'gln', name: 'Fiktiv Strømsalg AS' },
    ],
    // The organisation number wins over a GLN that points elsewhere.
    [
      { orgnr: '100022230', glns: [TEST_GLN] },
      { kind: 'producer', basis: 'orgnr', name: 'Fiktiv Kraftproduksjon AS' },
    ],
    // A company that both runs a grid and sells power is read as a grid company.
    [
      { orgnr: '100044455', glns: [] },
      { kind: 'grid', basis: 'orgnr', name: 'Fiktiv Energi AS' },
    ],
    [
      { orgnr: '100100002', glns: [] },
      { kind: 'other', basis: null, name: null },
    ],
    [
      { orgnr: null, glns: [] },
      { kind: 'other', basis: null, name: null },
    ],
  ])('%o is %o', (seller, expected) => {
    expect(classifySeller(index, seller)).toEqual(expected);
  });

  it('lets a later register override an earlier one', () => {
    const shipped = register([entry({ name: 'Gammelt navn', orgnr: '100000016', kinds: ['supplier'] })]);
    const local = register([entry({ name: 'Nytt navn', orgnr: '100000016', kinds: ['grid'] })]);
    expect(classifySeller(indexRegister(shipped, local), { orgnr: '100000016', glns: [] })).toEqual({
      kind: 'grid',
      basis: 'orgnr',
      name: 'Nytt navn',
    });
  });

  it('finds the real grid companies of the shipped register by GLN', () => {
    const shipped = loadRegisterIndex();
    const bkk = classifySeller(shipped, { orgnr: '100100002', glns: ['7080005051378'] });
    expect(bkk).toMatchObject({ kind: 'grid', basis: 'gln' });
    expect(nameKey(bkk.name ?? '')).toBe('bkk');
  });
});

describe('parseRegister', () => {
  const good = register([entry({ orgnr: '100000016', gln: [TEST_GLN] })]);
  it('accepts a valid register and checks GLNs', () => {
    expect(parseRegister(JSON.parse(JSON.stringify(good)))).toEqual(good);
    expect(isValidGln('7080005051378')).toBe(true);
    expect(isValidGln('7080005051379')).toBe(false);
    expect(isValidGln('708000505137')).toBe(false);
  });
  it.each([
    ['a bad organisation number check digit', { orgnr: '100000017' }, /entries\[0\]\.orgnr: .*mod-11/],
    ['a spaced organisation number', { orgnr: '100 000 016' }, /entries\[0\]\.orgnr/],
    ['a bad GLN check digit', { gln: ['7080005051379'] }, /entries\[0\]\.gln\[0\]: .*check digit/],
    ['a short GLN', { gln: ['708000505137'] }, /entries\[0\]\.gln\[0\]/],
    ['no identifier at all', { orgnr: null, gln: [] }, /neither an organisation number nor a GLN/],
    ['an unknown kind', { kinds: ['broker'] }, /entries\[0\]\.kinds/],
    ['an unlisted source', { sources: ['elsewhere:x'] }, /entries\[0\]\.sources\[0\]/],
  ])('refuses %s', (_, change, message) => {
    rejects({ ...good, entries: [{ ...good.entries[0], ...change }] }, message);
  });
  it('refuses an unknown format, a bad date and an identifier named twice', () => {
    const refused = (() => {
      try {
        parseRegister({ ...good, format: 'elvakt-electricity-sellers/2' });
      } catch (e) {
        return e;
      }
    })();
    expect(refused).toMatchObject({ code: 'unsupported_format' });
    rejects({ ...good, generated: '2026-02-30' }, /generated/);
    rejects(
      { ...good, entries: [good.entries[0], entry({ name: 'B', gln: [TEST_GLN] })] },
      /GLN 2000000000015 is also in entries\[0\]/,
    );
    rejects(
      { ...good, entries: [good.entries[0], entry({ name: 'B', orgnr: '100000016' })] },
      /orgnr 100000016 is also/,
    );
    rejects('[]', /not a JSON object/);
  });
});

describe('Fri nettleie', () => {
  it('reads netteier, GLNs and sist_oppdatert, and names the company, not the tariff area', () => {
    const read = fromFriNettleie([
      { file: 'b.yml', text: testTariff('Testnett Fiktiv AS - Område 2 - Nord') },
      { file: 'a.yml', text: testTariff('Testnett Fiktiv AS ') },
      { file: 'c.yml', text: 'netteier: Fiktiv Nett AS\ngln:\n  - 2000000000023\n  - 2000000000022\n' },
      { file: 'd.yml', text: 'gln: []\n' },
      { file: 'e.yml', text: 'netteier: [unclosed\n' },
    ]);
    expect(read.entries.map((e) => [e.name, e.gln, e.sources])).toEqual([
      ['Testnett Fiktiv AS', [TEST_GLN], ['fri-nettleie:tariffer/a.yml']],
      ['Testnett Fiktiv AS', [TEST_GLN], ['fri-nettleie:tariffer/b.yml']],
      ['Fiktiv Nett AS', [OTHER_GLN], ['fri-nettleie:tariffer/c.yml']],
    ]);
    expect(read.updated).toBe('2026-01-02');
    expect(read.rejected.map((r) => r.at)).toEqual(['c.yml: gln', 'd.yml', 'e.yml']);
  });
  it.each([
    ['Linja AS - Nord (Mørenett)', 'Linja AS'],
    ['Area Nett AS - Område 1- NettiNord', 'Area Nett AS'],
    ['Elmea AS Nett', 'Elmea AS'],
    ['BKK AS ', 'BKK AS'],
    ['Asker Nett', 'Asker Nett'],
    ['R-Nett AS', 'R-Nett AS'],
  ])('%s is the company %s', (netteier, name) => {
    expect(gridCompanyName(netteier)).toBe(name);
  });
});

describe('Enhetsregisteret', () => {
  it('keeps electricity sellers, and leaves out deleted, bankrupt and other units', () => {
    const read = fromEnhetsregisteret(sampleUnits());
    expect(read.entries.map((e) => [e.name, e.orgnr, e.kinds, e.sources])).toEqual([
      ['TESTNETT FIKTIV AS', '100000016', ['grid'], ['enhetsregisteret:SN2025/35.140']],
      ['FIKTIV STRØMSALG AS', '100011123', ['supplier'], ['enhetsregisteret:SN2025/35.150']],
      ['FIKTIV KRAFTPRODUKSJON AS', '100022230', ['producer'], ['enhetsregisteret:SN2025/35.111']],
      ['FIKTIV GAMMEL KRAFTHANDEL AS', '100033348', ['supplier'], ['enhetsregisteret:SN2007/35.140']],
      [
        'FIKTIV ENERGI AS',
        '100044455',
        ['grid', 'supplier'],
        ['enhetsregisteret:SN2025/35.150', 'enhetsregisteret:SN2025/35.140'],
      ],
    ]);
    expect(read.counts).toEqual({ units: 12, kept: 5, deleted: 1, bankrupt: 2, notSellers: 3 });
    expect(read.rejected).toEqual([
      { at: 'organisasjonsnummer', message: '123456789 fails the mod-11 check' },
    ]);
  });
  it.each([
    ['35.110', 'Produksjon av elektrisitet', 'producer'],
    ['35.120', 'Overføring av elektrisitet', 'grid'],
    ['35.120', 'Produksjon av elektrisitet fra fornybare kilder', 'producer'],
    ['35.130', 'Distribusjon av elektrisitet', 'grid'],
    ['35.140', 'Handel med elektrisitet', 'supplier'],
    ['35.140', 'Distribusjon av elektrisitet', 'grid'],
    ['35.150', 'Handel med elektrisitet', 'supplier'],
    ['35.160', 'Lagring av elektrisitet', null],
    ['35.140', null, 'grid'],
    ['35.150', 'Produksjon av elektrisitet', undefined],
    ['35.210', 'Produksjon av gass', undefined],
  ])('%s %s is %s', (code, title, kind) => {
    expect(readNaceCode(code, title, 'SN2025')?.kind).toBe(kind);
  });
  it('reads the codes without titles under the standard it is told', () => {
    expect(readNaceCode('35.140', null, 'SN2007')).toEqual({
      standard: 'SN2007',
      code: '35.140',
      kind: 'supplier',
    });
  });

  it('reads the bulk download plain or gzip-compressed, in any chunking', async () => {
    const text = fs.readFileSync(SAMPLE, 'utf8');
    fs.writeFileSync(path.join(tmp, 'enheter.json.gz'), gzipSync(Buffer.from(text)));
    const fromGz = await readEnhetsregisteretFile(path.join(tmp, 'enheter.json.gz'));
    const fromPlain = await readEnhetsregisteretFile(SAMPLE);
    expect(fromGz).toEqual(fromPlain);
    expect(fromGz.counts.units).toBe(12);
    for (const size of [1, 7, 64]) {
      const splitter = new JsonArraySplitter();
      const seen: unknown[] = [];
      for (let i = 0; i < text.length; i += size)
        splitter.push(text.slice(i, i + size), (t) => seen.push(JSON.parse(t)));
      splitter.end();
      expect(seen).toEqual(sampleUnits());
    }
    const tricky = '\uFEFF [ {"navn":"a } ] { \\" x"}, {"b":[1,{"c":2}]} ]';
    const parts: string[] = [];
    const s = new JsonArraySplitter();
    s.push(tricky, (t) => parts.push(t));
    s.end();
    expect(parts.map((p) => JSON.parse(p))).toEqual([{ navn: 'a } ] { " x' }, { b: [1, { c: 2 }] }]);
    expect(() => new JsonArraySplitter().push('{"a":1}', () => {})).toThrow(/not a JSON array/);
    const open = new JsonArraySplitter();
    open.push('[{"a":1}', () => {});
    expect(() => open.end()).toThrow(/ends inside/);
  });
});

describe('merging', () => {
  const fri = fromFriNettleie([
    { file: 'testnett.yml', text: testTariff('Testnett Fiktiv AS - Alle') },
  ]).entries;
  const units = fromEnhetsregisteret(sampleUnits()).entries;

  it('gives a Fri nettleie grid company its organisation number by name', () => {
    const merged = mergeRegisters(fri, units);
    expect(merged).toHaveLength(5);
    expect(merged.find((e) => e.orgnr === '100000016')).toEqual({
      name: 'TESTNETT FIKTIV AS',
      orgnr: '100000016',
      gln: [TEST_GLN],
      kinds: ['grid'],
      sources: ['enhetsregisteret:SN2025/35.140', 'fri-nettleie:tariffer/testnett.yml'],
    });
    expect(mergeRegisters(units, fri)).toEqual(merged);
  });
  it('compares names without case, spacing or the spelling of AS', () => {
    expect(nameKey('  Testnett   FIKTIV a/s')).toBe(nameKey('testnett fiktiv AS'));
    expect(nameKey('Testnett Fiktiv')).toBe(nameKey('TESTNETT FIKTIV AS'));
    expect(nameKey('Testnett Fiktiv ASA')).not.toBe(nameKey('Testnett Fiktiv AS'));
    expect(nameKey('Atlas')).toBe('atlas');
  });
  it('never merges two organisation numbers, and merges nothing on an ambiguous name', () => {
    const twins = [
      entry({
        name: 'Tvilling AS',
        orgnr: '100000016',
        kinds: ['grid'],
        sources: ['enhetsregisteret:SN2025/35.140'],
      }),
      entry({
        name: 'TVILLING AS',
        orgnr: '100011123',
        kinds: ['supplier'],
        sources: ['enhetsregisteret:SN2025/35.150'],
      }),
    ];
    const merged = mergeRegisters(twins, [entry({ name: 'Tvilling', gln: [TEST_GLN] })]);
    expect(merged).toHaveLength(3);
    expect(merged.find((e) => e.orgnr === null)?.gln).toEqual([TEST_GLN]);
  });
  it('merges by a shared GLN, and by organisation number whatever the names', () => {
    const a = entry({ name: 'Første navn', gln: [TEST_GLN] });
    const b = entry({ name: 'Andre navn', gln: [TEST_GLN, OTHER_GLN] });
    expect(mergeRegisters([a, b])).toEqual([{ ...a, gln: [TEST_GLN, OTHER_GLN] }]);
    const c = entry({ name: 'Tredje navn', orgnr: '100000016', sources: ['enhetsregisteret:SN2025/35.140'] });
    const d = entry({
      name: 'Fjerde navn',
      orgnr: '100000016',
      kinds: ['supplier'],
      sources: ['enhetsregisteret:SN2025/35.150'],
    });
    expect(mergeRegisters([c], [d])).toEqual([
      { ...c, kinds: ['grid', 'supplier'], sources: [...c.sources, ...d.sources] },
    ]);
  });
  it('recovers what each source contributed, for an update that re-reads only one', () => {
    const merged = mergeRegisters(fri, units);
    expect(
      mergeRegisters(
        entriesFromSource(merged, 'fri-nettleie'),
        entriesFromSource(merged, 'enhetsregisteret'),
      ),
    ).toEqual(merged);
    expect(entriesFromSource(merged, 'fri-nettleie')).toEqual([
      {
        name: 'TESTNETT FIKTIV AS',
        orgnr: null,
        gln: [TEST_GLN],
        kinds: ['grid'],
        sources: ['fri-nettleie:tariffer/testnett.yml'],
      },
    ]);
  });
});

class Captured implements CliIo {
  readonly stdout: string[] = [];
  out(text: string) {
    this.stdout.push(text);
  }
  err(text: string) {
    this.stdout.push(text);
  }
}

describe('elvakt register update', () => {
  it('writes the register and reports what it read; a later run keeps the source it did not re-read', async () => {
    const dir = path.join(tmp, 'tariffer');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'testnett.yml'), testTariff('Testnett Fiktiv AS'));
    fs.writeFileSync(path.join(dir, 'bkk.yml'), fs.readFileSync(path.join(TARIFFS, 'bkk.yml')));
    fs.writeFileSync(path.join(dir, 'README.md'), 'not a tariff');
    const out = path.join(tmp, 'sellers.json');
    const io = new Captured();
    const flags = { 'fri-nettleie': dir, enhetsregisteret: SAMPLE, out };
    expect(await registerUpdate(io, flags, { today: '2026-11-26' })).toBe(0);
    const written = loadRegister(out);
    expect(written.entries).toHaveLength(6);
    expect(written.sources.map((s) => s.id)).toEqual(['fri-nettleie', 'enhetsregisteret']);
    expect(fs.readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const text = io.stdout.join('\n');
    expect(text).toContain('6 sellers (3 grid, 3 supplier, 1 producer), 5 with an organisation number');
    expect(text).toContain('Fri nettleie: 2 tariff files, 2 grid companies, 1 of them matched');
    expect(text).toContain('12 units read, 5 electricity sellers kept, 1 deleted and 2 bankrupt left out');
    expect(text).toContain('organisasjonsnummer: 123456789 fails the mod-11 check');

    const again = new Captured();
    expect(
      await registerUpdate(again, { 'fri-nettleie': dir, out, json: true }, { today: '2026-11-27' }),
    ).toBe(0);
    const summary = JSON.parse(again.stdout.join(''));
    expect(summary).toMatchObject({ entries: 6, gainedOrgnr: 1, report: { carried: ['enhetsregisteret'] } });
    expect(loadRegister(out).entries).toEqual(written.entries);
  });

  it('asks for a source, and leaves the file alone when the result would not be valid', async () => {
    await expect(registerUpdate(new Captured(), {})).rejects.toThrow(/--fri-nettleie/);
    const out = path.join(tmp, 'kept.json');
    writeRegister(out, register([entry({ gln: [TEST_GLN] })], ['fri-nettleie']));
    const before = fs.readFileSync(out, 'utf8');
    expect(() => writeRegister(out, register([entry({ gln: ['1'] })], ['fri-nettleie']))).toThrow(AppError);
    expect(fs.readFileSync(out, 'utf8')).toBe(before);
  });
});
