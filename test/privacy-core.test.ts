import { createPublicKey } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseCommand, runDataCommand } from '../src/cli/commands.ts';
import type { CliIo } from '../src/cli/io.ts';
import { DEMO_LOGIN, DEMO_PERSON, DEMO_STAFF, DemoMeteringSource } from '../src/demo/demo-household.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { DATA_MAP, personalColumns } from '../src/modules/privacy/data-map.ts';
import { type PortabilityPackage, verifyPackage } from '../src/modules/privacy/portability.ts';
import { CATEGORIES, LEGAL_BASES, PURPOSES, RETENTION_RULES } from '../src/modules/privacy/vocabulary.ts';
import { Keyring } from '../src/platform/crypto/keyring.ts';
import { KeysRepository } from '../src/platform/crypto/keys.repository.ts';
import { loadMasterKey } from '../src/platform/crypto/master-key.ts';
import { createWebServer } from '../src/web/server.ts';
import { demoWithData, readFixture, startTestApp, type TestApp } from './app.ts';
import { dumpDatabase } from './db-dump.ts';
import { HttpSession, visibleText } from './http.ts';
import { signInStaffOverHttp } from './staff-sign-in.ts';
import { describeStores } from './stores.ts';

const V = '2026-11-26';
const OLA = {
  name: 'Ola Annensen',
  email: 'ola.annensen@example.no',
  phone: '92345678',
  identityNumber: '31070551228',
  password: 'et annet langt passord',
  meteringPointId: '707057500123456785',
};

/** Issue 3's promises checked on the running system, on both stores. */
describeStores('the privacy core', (kind) => {
  let t: TestApp;
  let server: FastifyInstance;
  let base: string;
  let demo: string;
  let ola: string;

  beforeAll(async () => {
    t = await startTestApp(kind, { meteringSource: new DemoMeteringSource() });
    await seedDemo(t.app);
    const { customers, permissions, metering, invoices } = t.app.services;
    demo = await demoWithData(t.app);
    ola = await customers.signUp(OLA);
    await permissions.change(
      ola,
      [{ kind: 'consent', scope: 'invoice_analysis', textVersion: V, give: true }],
      'test',
    );
    const mp = await metering.addMeteringPoint(
      ola,
      { meteringPointId: OLA.meteringPointId, priceArea: 'NO5' },
      'test',
    );
    await metering.importElhubCsv(ola, mp.id, readFixture('conformance', 'hourly', 'elhub_april.csv'));
    await invoices.importEhf(
      ola,
      readFixture('..', 'test', 'fixtures', 'ehf', 'supplier-invoice-2026-05.xml'),
    );
    await t.app.services.policy.publish();
    server = await createWebServer(t.app);
    await server.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  it('lists every category, purpose, legal basis, retention rule and processor of the data map on the policy page, in nb and en', async () => {
    const http = new HttpSession(base);
    const columns = Object.values(DATA_MAP).flatMap((spec) => personalColumns(spec).map(([, c]) => c));
    const categories = new Set(columns.map((c) => c.category));
    const purposes = new Set(columns.flatMap((c) => c.purposes));
    const rules = new Set(columns.map((c) => c.retention));
    const { processors } = (await t.app.services.policy.current()).document;
    expect(processors.map((p) => p.name)).toEqual(['CGI Norge AS', 'Kredinor AS']);
    for (const [path, lang] of [
      ['/personvern', 'nb'],
      ['/en/privacy', 'en'],
    ] as const) {
      const { body } = await http.get(path);
      const text = visibleText(body);
      for (const c of categories) {
        expect(body).toContain(`data-category="${c}"`);
        expect(text).toContain(CATEGORIES[c][lang]);
      }
      for (const p of purposes) {
        expect(body).toContain(`data-purpose="${p}"`);
        expect(text).toContain(PURPOSES[p][lang]);
        expect(text).toContain(LEGAL_BASES[PURPOSES[p].basis][lang]);
      }
      for (const r of rules) {
        expect(body).toContain(`data-retention="${r}"`);
        expect(text).toContain(RETENTION_RULES[r][lang]);
      }
      for (const p of processors) {
        expect(body).toContain(`data-processor="${p.id}"`);
        expect(text).toContain(p.name);
        expect(text).toContain(p.role[lang]);
      }
      expect(body).toContain('data-transfers="none"');
      expect(body).toMatch(/data-policy-version="1"/);
      expect(text).toContain('Datatilsynet');
      for (const cookie of ['auth_token', 'csrf', 'lang', 'cookie_choice', 'elvakt_stats'])
        expect(body).toContain(`data-cookie="${cookie}"`);
    }
  });

  it('exports every personal field of the subject and nothing of anyone else, as JSON, CSV and PDF', async () => {
    const { exports } = t.app.services;
    const data = await exports.exportSubject(ola, 'test');
    const text = JSON.stringify(data);
    for (const v of [OLA.email, OLA.name, '+4792345678', OLA.identityNumber, OLA.meteringPointId])
      expect(text).toContain(v);
    for (const v of [DEMO_LOGIN.email, DEMO_PERSON.identityNumber, DEMO_PERSON.name, '707057500901234567'])
      expect(text).not.toContain(v);
    for (const [table, content] of Object.entries(data.tables)) {
      const spec = DATA_MAP[table];
      if (!spec) throw new Error(table);
      for (const [column] of personalColumns(spec))
        for (const row of content.rows) expect(row).toHaveProperty(column);
    }
    expect(Object.keys(data.tables)).toEqual(
      expect.arrayContaining([
        'customers',
        'permission_events',
        'metering_points',
        'consumption_series',
        'invoices',
        'audit_log',
      ]),
    );
    expect(data.consentTexts.map((c) => `${c.scope}/${c.version}`)).toEqual(['invoice_analysis/2026-11-26']);
    expect(data.consentTexts[0]?.body.nb).toContain('Vi bruker strømfakturaene dine');
    const { downloads } = t.app.services;
    const file = async (format: 'csv' | 'pdf' | 'portability') =>
      Buffer.concat(await (await downloads.forStaff(ola, format, 'test', 'test')).stream.toArray());
    const csv = (await file('csv')).toString('utf8');
    expect(csv.startsWith('\uFEFFtabell;rad;felt;verdi')).toBe(true);
    expect(csv).toContain(`customers;1;email_enc;${OLA.email}`);
    expect(csv).not.toContain(DEMO_LOGIN.email);
    expect(
      csv.split('\r\n').filter((l: string) => l.startsWith('consumption_series;') && /\.kwh;\d/.test(l))
        .length,
    ).toBe(744);
    const pdf = await file('pdf');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.subarray(-8).toString()).toContain('%%EOF');
    expect(pdf.length).toBeGreaterThan(5000);
  });

  it('signs the portability package so another controller can check it against the published key', async () => {
    const { stream } = await t.app.services.downloads.forStaff(ola, 'portability', 'test', 'test');
    const pkg = JSON.parse(Buffer.concat(await stream.toArray()).toString('utf8')) as PortabilityPackage;
    expect(Object.keys(pkg.data).sort()).toEqual([
      'consumption_series',
      'customers',
      'invoices',
      'metering_points',
      'permission_events',
    ]);
    const published = (await (await fetch(`${base}/.well-known/elvakt-signing-key.json`)).json()) as {
      keys: { kid: string }[];
    };
    const jwk = published.keys[0] as unknown as { kty: string; crv: string; x: string; kid: string };
    expect(jwk.kid).toBe(pkg.signature.keyId);
    const key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
    expect(verifyPackage(pkg, key)).toBe(true);
    const tampered = JSON.parse(JSON.stringify(pkg)) as PortabilityPackage;
    (tampered.data.customers?.[0] as Record<string, unknown>).name_enc = 'Someone Else';
    expect(verifyPackage(tampered, key)).toBe(false);
  });

  it('lets customer service find a customer only with a stated purpose, logs it, and shows a masked identity number', async () => {
    const cs = new HttpSession(base);
    const [csUser, dpoUser] = [DEMO_STAFF[0], DEMO_STAFF[1]];
    await signInStaffOverHttp(cs, t, csUser);
    await cs.get('/ansatt/kunder');
    const noPurpose = await cs.postFollowing('/ansatt/kunder', { query: OLA.email, purpose: '' });
    expect(noPurpose.res.status).toBe(400);
    const found = await cs.postFollowing('/ansatt/kunder', {
      query: OLA.identityNumber,
      purpose: 'Kunden ringte om faktura',
    });
    expect(found.res.status).toBe(200);
    expect(visibleText(found.body)).toContain(OLA.name);
    expect(found.body).toMatch(/data-identity(="true")?>310705 \*\*\*\*\*</);
    expect(found.body).not.toContain(OLA.identityNumber);
    const rows = await t.app.store.db
      .selectFrom('audit_log')
      .select(['action', 'purpose', 'subject_id', 'details'])
      .where('action', 'in', ['customer.looked_up', 'customer.viewed'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.action, r.purpose])).toEqual([
      ['customer.looked_up', 'Kunden ringte om faktura'],
      ['customer.viewed', 'Kunden ringte om faktura'],
    ]);
    expect(rows[1]?.subject_id).toBe(ola);
    expect(JSON.stringify(rows)).not.toContain(OLA.identityNumber);
    expect((await cs.get('/ansatt/avvik')).res.status).toBe(403);

    const dpo = new HttpSession(base);
    await signInStaffOverHttp(dpo, t, dpoUser);
    await dpo.get('/ansatt/kunder');
    const full = await dpo.postFollowing('/ansatt/kunder', {
      query: OLA.meteringPointId,
      purpose: 'Behandle innsynsbegjæring',
    });
    expect(full.body).toMatch(new RegExp(`data-identity(="true")?>${OLA.identityNumber}<`));
  });

  it('shows the DPO the queue, the record of processing and a breach with its 72-hour clock', async () => {
    const dpo = new HttpSession(base);
    await signInStaffOverHttp(dpo, t, DEMO_STAFF[1]);
    const record = (await (
      await fetch(`${base}/ansatt/behandlingsprotokoll.json`, {
        headers: { cookie: `staff_token=${dpo.cookie('staff_token')}` },
      })
    ).json()) as {
      activities: { purpose: string; recipients: { name: string }[] }[];
    };
    expect(record.activities.map((a) => a.purpose)).toEqual(
      expect.arrayContaining(['account', 'savings_analysis', 'bookkeeping']),
    );
    expect(
      record.activities.find((a) => a.purpose === 'savings_analysis')?.recipients.map((r) => r.name),
    ).toContain('CGI Norge AS');
    await dpo.get('/ansatt/avvik');
    const created = await dpo.post('/ansatt/avvik', {
      title: 'Feilsendt e-post',
      description: 'En rapport gikk til feil mottaker i kundeservice.',
      categories: 'contact',
      subjectsAffected: '1',
      foundAt: new Date(t.clock.now().getTime() - 10 * 3_600_000).toISOString(),
      risk: 'risk',
    });
    expect(created.res.status).toBe(303);
    const page = await dpo.get('/ansatt/avvik');
    expect(page.body).toContain('data-clock="62"');
    expect(visibleText(page.body)).toContain('62 timer igjen til fristen for Datatilsynet');
  });

  it('keeps the data dump free of keys: after erasure nothing of the subject opens, even from a dump taken before', async () => {
    const before = await t.app.store.db
      .selectFrom('customers')
      .selectAll()
      .where('id', '=', ola)
      .executeTakeFirstOrThrow();
    const dump = await dumpDatabase(t.app.store.db);
    for (const v of [OLA.email, OLA.name, OLA.identityNumber, OLA.meteringPointId])
      expect(dump).not.toContain(v);
    await t.app.services.erasure.erase(ola);
    // The live system, with the master key and the key store, can no longer open the old ciphertext.
    const keyring = new Keyring(loadMasterKey(undefined, t.dataDir), new KeysRepository(t.app.store.keys));
    await expect(keyring.cipherFor(ola, 'general', t.clock.now())).rejects.toThrow(/destroyed/);
    const keyRow = await t.app.store.keys
      .selectFrom('subject_keys')
      .selectAll()
      .where('subject_id', '=', ola)
      .where('purpose', '=', 'general')
      .executeTakeFirstOrThrow();
    expect(keyRow.wrapped_key).toBeNull();
    expect(before.email_enc).not.toBeNull();
    // And the dump itself never held a key: keys live in a store of their own.
    const keyTables = await sql<{ n: number | string }>`select count(*) as n from information_schema.tables
      where table_schema = current_schema() and table_name in ('subject_keys', 'platform_keys')`.execute(
      t.app.store.db,
    );
    expect(Number(keyTables.rows[0]?.n)).toBe(0);
    // Only what the bookkeeping law keeps still opens.
    expect(await t.app.services.invoices.ofCustomer(ola)).toHaveLength(1);
  });

  it('rotates the master key without re-encrypting data, and the old key opens nothing afterwards', async () => {
    const dataBefore = await dumpDatabase(t.app.store.db);
    const oldKey = loadMasterKey(undefined, t.dataDir);
    const newKey = new Uint8Array(32).fill(7);
    const rotator = new Keyring(newKey, new KeysRepository(t.app.store.keys), [oldKey]);
    const n = await rotator.rewrapAll(2);
    expect(n).toBeGreaterThan(3);
    expect(await rotator.rewrapAll(2)).toBe(0);
    expect(await dumpDatabase(t.app.store.db)).toBe(dataBefore);
    const onlyNew = new Keyring(newKey, new KeysRepository(t.app.store.keys));
    const cipher = await onlyNew.cipherFor(demo, 'general', t.clock.now());
    const row = await t.app.store.db
      .selectFrom('customers')
      .select('email_enc')
      .where('id', '=', demo)
      .executeTakeFirstOrThrow();
    expect(cipher.openText('customers.email_enc', row.email_enc as Uint8Array)).toBe(DEMO_LOGIN.email);
    const onlyOld = new Keyring(oldKey, new KeysRepository(t.app.store.keys));
    await expect(onlyOld.cipherFor(demo, 'general', t.clock.now())).rejects.toThrow(/another master key/);
    // Back, so the rest of the app (built with the old key) keeps working.
    await new Keyring(oldKey, new KeysRepository(t.app.store.keys), [newKey]).rewrapAll();
  });

  it('has `elvakt audit verify` name the first bad row after an edit and after a deletion', async () => {
    const out: string[] = [];
    const io: CliIo = { out: (s) => out.push(s), err: (s) => out.push(s) };
    expect(await runDataCommand(t.app, io, parseCommand(['audit', 'verify']))).toBe(0);
    await sql`update audit_log set actor = 'someone else' where id = 5`.execute(t.app.store.db);
    expect(await runDataCommand(t.app, io, parseCommand(['audit', 'verify']))).toBe(1);
    expect(out.at(-1)).toMatch(/^Audit chain broken at row 5: the row was changed/);
    const original = await t.app.store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '=', 6)
      .executeTakeFirstOrThrow();
    await sql`update audit_log set actor = 'customer' where id = 5`.execute(t.app.store.db);
    await sql`delete from audit_log where id = 6`.execute(t.app.store.db);
    expect(await runDataCommand(t.app, io, parseCommand(['audit', 'verify']))).toBe(1);
    expect(out.at(-1)).toMatch(/^Audit chain broken at row 6: row 6 is missing/);
    await t.app.store.db
      .insertInto('audit_log')
      .values({ ...original, details: JSON.stringify(original.details) })
      .execute();
  });
});
