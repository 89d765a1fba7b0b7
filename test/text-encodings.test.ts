import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseCommand, runDataCommand } from '../src/cli/commands.ts';
import { type CliIo, describeError } from '../src/cli/io.ts';
import { ANALYSIS_CONSENT, fixture, startTestApp, type TestApp } from './app.ts';
import { HttpSession, listenWeb, visibleText } from './http.ts';
import { describeStores } from './stores.ts';

/**
 * Files people give us in other encodings than UTF-8: UTF-16 with its byte order mark is
 * read, a Windows-1252 file is refused with how to save it as UTF-8, and nothing of it is
 * stored, on the command line and on the web alike.
 */
const CSV = fs.readFileSync(fixture('conformance', 'hourly', 'elhub_april.csv'));
const TEXT = CSV.subarray(3).toString('utf8');
const UTF16LE = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]);
const WINDOWS_1252 = Buffer.from(TEXT, 'latin1');
const OFFERS_UTF16BE = Buffer.concat([
  Buffer.from([0xfe, 0xff]),
  Buffer.from(
    fs.readFileSync(path.join(import.meta.dirname, '..', 'demo', 'offers.json'), 'utf8'),
    'utf16le',
  ).swap16(),
]);
const PASSWORD = 'et langt og godt passord';

describeStores('files in other encodings than UTF-8', (kind) => {
  let t: TestApp;
  let server: FastifyInstance;
  let base: string;
  let dir: string;
  const points: Record<string, { customer: string; point: string }> = {};

  const file = (name: string, bytes: Uint8Array) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, bytes);
    return p;
  };
  const run = async (argv: string[]) => {
    const io = {
      stdout: [] as string[],
      stderr: [] as string[],
      out: (s: string) => io.stdout.push(s),
      err: (s: string) => io.stderr.push(s),
    } satisfies CliIo & Record<string, unknown>;
    try {
      return { code: await runDataCommand(t.app, io, parseCommand(argv)), io };
    } catch (e) {
      const d = describeError(e);
      io.err(d.text);
      return { code: d.code, io };
    }
  };
  const measured = async (who: string) => {
    const p = points[who] as { customer: string; point: string };
    return (await t.app.services.metering.hourly(p.customer, p.point)).kwh.filter((k) => !Number.isNaN(k))
      .length;
  };

  beforeAll(async () => {
    t = await startTestApp(kind);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elvakt-enc-'));
    const { customers, permissions, metering } = t.app.services;
    for (const [who, identityNumber, gsrn] of [
      ['cli', '14028512334', '707057500123456785'],
      ['web', '01017012343', '707057500123456792'],
    ] as const) {
      const customer = await customers.signUp({
        name: `Kari ${who}`,
        email: `${who}@example.no`,
        identityNumber,
        password: PASSWORD,
      });
      await permissions.change(customer, ANALYSIS_CONSENT, 'test');
      const { id } = await metering.addMeteringPoint(
        customer,
        { meteringPointId: gsrn, priceArea: 'NO5' },
        'test',
      );
      points[who] = { customer, point: id };
    }
    ({ server, base } = await listenWeb(t.app));
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('elvakt import refuses a Windows-1252 Elhub export with how to save it, storing nothing, and reads UTF-16', async () => {
    const refused = await run([
      'import',
      'elhub-csv',
      file('latin.csv', WINDOWS_1252),
      '--metering-point',
      '707057500123456785',
    ]);
    expect(refused.code).toBe(1);
    expect(refused.io.stderr.join('\n')).toContain(
      'latin.csv is not UTF-8 text (it looks like Windows-1252 / Latin-1',
    );
    expect(refused.io.stderr.join('\n')).toContain('Save it as UTF-8 and try again');
    expect(await measured('cli')).toBe(0);
    const read = await run([
      'import',
      'elhub-csv',
      file('unicode.csv', UTF16LE),
      '--metering-point',
      '707057500123456785',
      '--json',
    ]);
    expect(read.code).toBe(0);
    expect(JSON.parse(read.io.stdout.join('\n')).imported[0]).toMatchObject({ stored: 744, rejected: [] });
    expect(await measured('cli')).toBe(744);
  });

  it('elvakt import offers reads a UTF-16 big-endian file and refuses one without its byte order mark', async () => {
    const read = await run(['import', 'offers', file('offers-be.json', OFFERS_UTF16BE)]);
    expect(read.io.stdout).toEqual(['offers-be.json: stored 9 offers']);
    const noMark = await run([
      'import',
      'offers',
      file('offers-nomark.json', Buffer.from(OFFERS_UTF16BE.subarray(2)).swap16()),
    ]);
    expect(noMark.code).toBe(1);
    expect(noMark.io.stderr.join('\n')).toContain('it looks like UTF-16 without a byte order mark');
  });

  it('the upload on Min side says in Norwegian and English how to save the file, storing nothing, and reads UTF-16', async () => {
    const http = new HttpSession(base);
    await http.get('/logg-inn');
    await http.post('/logg-inn', { email: 'web@example.no', password: PASSWORD });
    const action = `/min-side/malepunkt/${points.web?.point}/forbruk`;
    await http.get('/min-side');
    const refused = await http.upload(action, 'file', {
      name: 'elhub.csv',
      content: WINDOWS_1252,
      type: 'text/csv',
    });
    expect(refused.res.status).toBe(400);
    expect(visibleText(refused.body)).toContain(
      'Filen er ikke lagret som UTF-8, så æ, ø og å ville blitt lest feil. Ingenting er lagret. Lagre filen som UTF-8',
    );
    await http.get('/sprak/en');
    await http.get('/min-side');
    const refusedEn = await http.upload(action, 'file', {
      name: 'elhub.csv',
      content: WINDOWS_1252,
      type: 'text/csv',
    });
    expect(visibleText(refusedEn.body)).toContain(
      'The file is not saved as UTF-8, so æ, ø and å would be read wrongly.',
    );
    expect(await measured('web')).toBe(0);
    const read = await http.upload(action, 'file', { name: 'elhub.csv', content: UTF16LE, type: 'text/csv' });
    expect(read.res.status).toBe(303);
    const shown = await http.get(read.res.headers.get('location') ?? '');
    expect(visibleText(shown.body)).toContain('Stored 744 hours in 1 month. No lines were refused.');
    expect(await measured('web')).toBe(744);
  });
});
