import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommand, runDataCommand } from '../src/cli/commands.ts';
import { type CliIo, describeError } from '../src/cli/io.ts';
import { acquireDataDirLock } from '../src/platform/db/data-dir-lock.ts';
import { fixture, startTestApp, type TestApp } from './app.ts';
import { describeStores } from './stores.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

class Captured implements CliIo {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  out(text: string) {
    this.stdout.push(text);
  }
  err(text: string) {
    this.stderr.push(text);
  }
}

describeStores('the command line on a real database', (kind) => {
  let t: TestApp;
  let customerId: string;
  const run = async (argv: string[]) => {
    const io = new Captured();
    try {
      const code = await runDataCommand(t.app, io, parseCommand(argv));
      return { code, io };
    } catch (e) {
      const d = describeError(e);
      io.err(d.text);
      return { code: d.code, io };
    }
  };

  beforeAll(async () => {
    t = await startTestApp(kind);
    const { customers, permissions, metering } = t.app.services;
    customerId = await customers.signUp({
      name: 'Ola Kommandolinje',
      email: 'ola@example.no',
      identityNumber: '29020060040',
      password: 'passord-som-er-langt',
    });
    await permissions.change(
      customerId,
      [{ kind: 'consent', scope: 'invoice_analysis', textVersion: '2026-11-26', give: true }],
      'test',
    );
    await metering.addMeteringPoint(
      customerId,
      { meteringPointId: '707057500123456785', priceArea: 'NO5', countyCode: '46' },
      'test',
    );
  });
  afterAll(async () => t?.close());

  it('imports spot prices from a meter recording and from EUR with rates, as JSON', async () => {
    const r1 = await run([
      'import',
      'spot',
      fixture('conformance', 'hourly', 'bkk_april_2026_hourly.json'),
      '--area',
      'NO5',
      '--json',
    ]);
    expect(r1.code).toBe(0);
    expect(JSON.parse(r1.io.stdout.join('\n')).imported[0]).toMatchObject({ stored: 720, estimated: 0 });
    const r2 = await run([
      'import',
      'spot',
      fixture('conformance', 'hourly', 'nordpool_eur_no5_2026.json'),
      '--rates',
      fixture('conformance', 'hourly', 'nb_eur_nok_2026.json'),
      '--json',
    ]);
    const s = JSON.parse(r2.io.stdout.join('\n')).imported[0];
    // Every converted price is kept beside the exact ones; April's 720 hours stay with the exact recording.
    expect(s.keptBetter).toBe(720);
    expect(s.pricing).toBe(3407 - 24 - 720);
    expect(s.stored).toBe(3407 - 24);
  });

  it('imports offers, consumption and an invoice, and prints the saving', async () => {
    expect((await run(['import', 'offers', path.join(ROOT, 'demo', 'offers.json')])).io.stdout).toEqual([
      'offers.json: stored 9 offers',
    ]);
    const csv = await run([
      'import',
      'elhub-csv',
      fixture('conformance', 'hourly', 'elhub_april.csv'),
      '--metering-point',
      '707057500123456785',
      '--json',
    ]);
    expect(JSON.parse(csv.io.stdout.join('\n')).imported[0]).toMatchObject({
      stored: 744,
      gaps: 0,
      months: ['2026-04', '2026-05'],
    });
    const ehf = await run([
      'import',
      'ehf',
      path.join(ROOT, 'test', 'fixtures', 'ehf', 'supplier-invoice-2026-05.xml'),
    ]);
    expect(ehf.io.stdout.join('\n')).toContain('1 files: 1 stored, 0 already stored');
    const again = await run([
      'import',
      'ehf',
      path.join(ROOT, 'test', 'fixtures', 'ehf', 'supplier-invoice-2026-05.xml'),
    ]);
    expect(again.io.stdout.join('\n')).toContain('1 files: 0 stored, 1 already stored');
    const savings = await run(['savings', '--metering-point', '707057500123456785', '--json']);
    expect(savings.code).toBe(0);
    const value = JSON.parse(savings.io.stdout.join('\n'));
    expect(value.offers).toHaveLength(7);
    expect(value.basis.pricedHours).toBe(744);
    expect(value.yearlySavingOre).toBeNull();
    expect(value.basis.kind).toEqual({ kind: 'measured' });
    const human = await run(['savings', '--metering-point', '707057500123456785']);
    expect(human.io.stdout.join('\n')).toContain('Basis: measured hourly values from the meter.');
  });

  it('drops an invoice older than 16 months without keeping it, and refuses a broken one with exit code 1', async () => {
    const old = await run([
      'import',
      'ehf',
      fixture('conformance', 'ehf', 'Invoice_EHF3.0_forward-billing-nettleie-consumer_v2.0.xml'),
      '--customer',
      customerId,
      '--json',
    ]);
    expect(old.code).toBe(0);
    expect(JSON.parse(old.io.stdout.join('\n'))).toMatchObject({
      files: 1,
      stored: 0,
      too_old: 1,
      refused: 0,
    });
    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'elvakt-cli-')), 'broken.xml');
    fs.writeFileSync(
      broken,
      '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><cbc:ID>',
    );
    const refused = await run(['import', 'ehf', broken, '--customer', customerId]);
    expect(refused.code).toBe(1);
    expect(refused.io.stdout.join('\n')).toContain('broken.xml: refused');
    // Why, as a sentence a person reads.
    expect(refused.io.stdout.join('\n')).toMatch(
      /broken\.xml: refused\n {2}\S.+ \(refused; rule ELVAKT-XML-\w+ at /,
    );
  });

  it('takes --customer as an ID or an e-mail address, and says plainly when neither is found', async () => {
    const invoice = path.join(ROOT, 'test', 'fixtures', 'ehf', 'supplier-invoice-2026-05.xml');
    // The address is found through the blind index, whatever its case; the ID in any case too.
    for (const given of ['OLA@example.no', customerId.toUpperCase()]) {
      const r = await run(['import', 'ehf', invoice, '--customer', given, '--json']);
      expect(r.io.stderr, given).toEqual([]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.io.stdout.join('\n'))).toMatchObject({ files: 1, refused: 0 });
    }
    for (const given of ['nobody@example.no', '0b7e3e4e-1d2c-4f5a-9b8c-7d6e5f4a3b2c', 'not-an-id']) {
      const r = await run(['import', 'ehf', invoice, '--customer', given]);
      expect(r.code, given).toBe(1);
      expect(r.io.stdout).toEqual([]);
      expect(r.io.stderr).toEqual(['No customer has this ID or e-mail address (--customer).']);
    }
    const fetch = await run(['invoices', 'fetch', '--customer', 'nobody@example.no']);
    expect(fetch.code).toBe(1);
    expect(fetch.io.stderr).toEqual(['No customer has this ID or e-mail address (--customer).']);
  });

  it('shows progress on a terminal while importing a folder, and none with --json', async () => {
    const dir = path.join(ROOT, 'test', 'fixtures', 'ehf');
    const io = new Captured();
    const progress: string[] = [];
    const terminal: CliIo = Object.assign(io, { progress: (text: string) => progress.push(text) });
    const code = await runDataCommand(
      t.app,
      terminal,
      parseCommand(['import', 'ehf', dir, '--customer', customerId]),
    );
    expect(code).toBe(0);
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.xml')).length;
    expect(progress).toEqual([`[##############################] ${files}/${files}`, '']);
    expect(io.stdout.join('\n')).toContain(`${files} files:`);
    const quiet: string[] = [];
    const json = Object.assign(new Captured(), { progress: (text: string) => quiet.push(text) });
    await runDataCommand(
      t.app,
      json,
      parseCommand(['import', 'ehf', dir, '--customer', customerId, '--json']),
    );
    expect(quiet).toEqual([]);
    expect(JSON.parse(json.stdout.join('\n'))).toMatchObject({ files, duplicate: files });
  });

  it('names wrong usage with exit code 2', async () => {
    expect(
      (await run(['import', 'elhub-csv', fixture('conformance', 'hourly', 'elhub_april.csv')])).code,
    ).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['savings', '--metering-point', '123'])).code).toBe(1);
  });

  it('verifies the audit chain', async () => {
    const r = await run(['audit', 'verify']);
    expect(r.code).toBe(0);
    expect(r.io.stdout[0]).toMatch(/^Audit chain intact: \d+ rows\.$/);
  });
});

describe('the elvakt binary', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elvakt-bin-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const bin = (args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, 'bin', 'elvakt.js'), ...args], {
      env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '', ELVAKT_DEMO: '0', LOG_LEVEL: 'warn' },
      encoding: 'utf8',
      timeout: 90_000,
    });

  it('answers an unknown command and a missing argument with usage while another process holds the data folder', () => {
    const locked = fs.mkdtempSync(path.join(os.tmpdir(), 'elvakt-locked-'));
    const lock = acquireDataDirLock(locked);
    const at = (args: string[]) =>
      spawnSync(process.execPath, [path.join(ROOT, 'bin', 'elvakt.js'), ...args], {
        env: { ...process.env, DATA_DIR: locked, DATABASE_URL: '', ELVAKT_DEMO: '0' },
        encoding: 'utf8',
        timeout: 90_000,
      });
    try {
      const unknown = at(['frobnicate']);
      expect(unknown.stderr).not.toContain('is in use by process');
      expect(unknown.status).toBe(2);
      expect(unknown.stderr).toContain('Unknown command: elvakt frobnicate.');
      // The usage: the list of commands.
      expect(unknown.stderr).toContain('elvakt import elhub-csv');
      expect(unknown.stdout).toBe('');
      const bare = at(['parse']);
      expect(bare.status).toBe(2);
      expect(bare.stderr).toContain('Did you mean elvakt parse ehf?');
      const missing = at(['import', 'elhub-csv', 'consumption.csv']);
      expect(missing.status).toBe(2);
      expect(missing.stderr).toContain('elvakt import elhub-csv needs --metering-point');
      const parsed = at([
        'parse',
        'ehf',
        path.join(ROOT, 'fixtures', 'conformance', 'ehf', 'Reminder-Example.xml'),
      ]);
      expect(parsed.stderr).toBe('');
      expect(parsed.status).toBe(0);
      expect(parsed.stdout).toContain('accepted invoice 007');
      expect(at(['version']).stdout).toMatch(/^elvakt \d+\.\d+\.\d+\n$/);
      // A command that needs the database still waits its turn, with its own exit code.
      expect(at(['audit', 'verify']).status).toBe(3);
    } finally {
      lock.release();
      fs.rmSync(locked, { recursive: true, force: true });
    }
  }, 180_000);

  it('prints findings as sentences, and keeps --json machine-readable', () => {
    const corporate = path.join(
      ROOT,
      'fixtures',
      'conformance',
      'ehf',
      'Invoice_EHF3.0_forward-billing-nettleie-corporate_v2.0.xml',
    );
    const r = bin(['parse', 'ehf', corporate]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      '  The VAT in category S (25 %) is 0.05 NOK off the sum of its lines: 25 % of 1234.71 NOK is 308.68 NOK, the invoice says 308.63 NOK (a warning; rule BR-CO-17 at TaxSubtotal S/25).',
    );
    const json = JSON.parse(bin(['parse', 'ehf', corporate, '--json']).stdout);
    expect(json.findings[0]).toMatchObject({ rule: 'BR-CO-17', severity: 'warning' });
  }, 180_000);

  it('keeps log lines off standard output: a human answer is not mixed with JSON', () => {
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'elvakt-logs-'));
    try {
      const r = spawnSync(
        process.execPath,
        [
          path.join(ROOT, 'bin', 'elvakt.js'),
          'import',
          'ehf',
          path.join(ROOT, 'test', 'fixtures', 'ehf', 'supplier-invoice-2026-05.xml'),
          '--customer',
          'nobody@example.no',
        ],
        {
          // LOG_LEVEL unset and not a terminal: the migrations are logged at info, as JSON.
          env: { ...process.env, DATA_DIR: fresh, DATABASE_URL: '', ELVAKT_DEMO: '0', LOG_LEVEL: '' },
          encoding: 'utf8',
          timeout: 90_000,
        },
      );
      expect(r.status).toBe(1);
      expect(r.stdout.split('\n').filter((l) => l.trim().startsWith('{'))).toEqual([]);
      expect(r.stderr).toContain('"msg":"database migrated"');
      expect(r.stderr).toContain('No customer has this ID or e-mail address (--customer).');
      expect(r.stderr).not.toContain('nobody@');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  }, 180_000);

  it('prints help without touching the database', () => {
    const r = bin(['help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('elvakt import elhub-csv');
    expect(fs.existsSync(path.join(dir, 'pglite'))).toBe(false);
  });

  it('checks EHF files without a database: one JSON line per file, exit code 1 when any is refused', () => {
    const ehf = path.join(ROOT, 'fixtures', 'conformance', 'ehf');
    const good = path.join(ehf, 'Invoice_EHF3.0_forward-billing-nettleie-consumer_v2.0.xml');
    const ok = bin(['parse', 'ehf', good, '--json']);
    expect(ok.status).toBe(0);
    const [line] = ok.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(line).toMatchObject({
      file: good,
      accepted: true,
      invoice: { kind: 'invoice', id: '0997462625', totals: { payableOre: 154334 } },
    });

    const broken = path.join(dir, 'broken.xml');
    fs.writeFileSync(broken, fs.readFileSync(good, 'utf8').slice(0, 2000));
    const mixed = bin(['parse', 'ehf', ehf, broken, '--json']);
    expect(mixed.status).toBe(1);
    const lines = mixed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(6);
    expect(lines.filter((l) => l.accepted)).toHaveLength(5);
    expect(lines.find((l) => l.file === broken)).toMatchObject({
      accepted: false,
      findings: [{ rule: 'ELVAKT-XML-WELLFORMED', severity: 'fatal' }],
    });

    const small = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'elvakt.js'), 'parse', 'ehf', good], {
      env: { ...process.env, DATA_DIR: dir, ELVAKT_UPLOAD_LIMIT_BYTES: '1000' },
      encoding: 'utf8',
    });
    expect(small.status).toBe(1);
    expect(small.stdout).toContain('ELVAKT-XML-SIZE');
    expect(fs.existsSync(path.join(dir, 'pglite'))).toBe(false);
  });

  it('prices a consumption file against an offer file with no database, to the øre of a hand calculation', () => {
    const recording = path.join(ROOT, 'fixtures', 'conformance', 'hourly', 'bkk_april_2026_hourly.json');
    const args = [
      'price',
      '--consumption',
      recording,
      '--spot',
      recording,
      '--area',
      'NO5',
      '--offers',
      path.join(ROOT, 'demo', 'offers.json'),
    ];
    const r = bin([...args, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    // By hand, from the raw file: every hour with both a kWh and a price.
    const hours = (
      JSON.parse(fs.readFileSync(recording, 'utf8')) as {
        hours: { kwh: number | null; spot_nok_kwh_eks_mva: number | null }[];
      }
    ).hours.filter((h) => h.kwh !== null && h.spot_nok_kwh_eks_mva !== null);
    const kwh = hours.reduce((a, h) => a + (h.kwh as number), 0);
    const spotOre = hours.reduce(
      (a, h) => a + (h.kwh as number) * (h.spot_nok_kwh_eks_mva as number) * 100,
      0,
    );
    expect(out.basis.pricedHours).toBe(hours.length);
    expect(out.basis.kwh).toBeCloseTo(kwh, 6);
    const spot = out.offers.find((o: { id: string }) => o.id === 'demo-vestkyst-spot');
    expect(spot.energyOre).toBe(Math.round(spotOre));
    expect(spot.markupOre).toBe(Math.round(kwh * spot.markupOrePerKwh));
    expect(spot.feeOre).toBe(spot.monthlyFeeOre);
    expect(spot.totalOre).toBe(
      Math.round((spotOre + kwh * spot.markupOrePerKwh + spot.monthlyFeeOre) * 1.25),
    );
    const fixed = out.offers.find((o: { id: string }) => o.id === 'demo-nordlys-fast12');
    expect(fixed.type).toBe('fixed');
    expect(fixed.energyOre).toBe(Math.round(kwh * fixed.energyPriceOrePerKwh));
    // A cabin product is not offered to a household.
    expect(out.offers.some((o: { id: string }) => o.id === 'demo-vestkyst-hytte')).toBe(false);
    // Without --json: one line per offer a person can read.
    const text = bin(args);
    expect(text.stdout).toMatch(
      /demo-vestkyst-spot: energy [\d.]+ \+ markup [\d.]+ \+ fees [\d.]+ \+ VAT [\d.]+ = [\d.]+ NOK/,
    );
    expect(bin(['price', '--consumption', recording]).status).toBe(1);
  });

  it('runs the ingest benchmark with its peer in the same run', () => {
    const r = bin(['bench', 'ingest', '--invoices', '64', '--json']);
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({
      benchmark: 'ingest',
      store: 'pglite',
      invoices: 64,
      stored: 64,
      customers: 2,
      peer: { name: expect.stringContaining('fast-xml-parser') },
      targets: { invoicesPerSecond: 1000, ratio: 0.5 },
    });
    expect(result.ratio).toBeCloseTo(result.invoicesPerSecond / result.peer.invoicesPerSecond, 1);
  });

  it('migrates an empty folder and creates the key file with mode 0600', () => {
    const r = bin(['migrate']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Database is up to date.');
    expect(fs.statSync(path.join(dir, 'master.key')).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(path.join(dir, 'elvakt.lock'))).toBe(false);
  });

  it('lists every bad configuration variable and exits non-zero', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'elvakt.js'), 'migrate'], {
      env: { ...process.env, DATA_DIR: dir, PORT: 'x', ELVAKT_DEMO: 'y' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('PORT: must be an integer');
    expect(r.stderr).toContain('ELVAKT_DEMO: must be 0 or 1');
  });
});
