import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_LOGIN, DemoMeteringSource } from '../src/demo/demo-household.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { PERMISSION_TEXTS } from '../src/modules/consents/permission-texts.ts';
import { createWebServer } from '../src/web/server.ts';
import { startTestApp, TEXT_VERSION, type TestApp } from './app.ts';
import { HttpSession, visibleText } from './http.ts';
import { describeStores } from './stores.ts';

/**
 * The first visit after sign-up: each consent and power of attorney explained before it is
 * given, one step at a time; the one page where all of them are changed later, with the
 * history; and "Mine data", where every right is started and followed to its deadline.
 */
describeStores('onboarding, consents and rights in the browser path', (kind) => {
  let t: TestApp;
  let server: FastifyInstance;
  let base: string;
  let demo: string;
  const household = () => new HttpSession(base);
  let guest: HttpSession;

  beforeAll(async () => {
    t = await startTestApp(kind, { meteringSource: new DemoMeteringSource() });
    await seedDemo(t.app);
    server = await createWebServer(t.app);
    await server.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    demo = (await t.app.services.customers.findIdByEmail(DEMO_LOGIN.email)) ?? '';
    guest = household();
    await guest.get('/logg-inn');
    const signedIn = await guest.post('/logg-inn', {
      email: DEMO_LOGIN.email,
      password: DEMO_LOGIN.password,
    });
    expect(signedIn.res.headers.get('location')).toBe('/samtykke');
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  const history = () => t.app.services.permissions.history(demo);
  const step = (scope: string) => PERMISSION_TEXTS.findIndex((x) => x.scope === scope) + 1;

  it('greets a first visit with the step-by-step guide before the one-page form', async () => {
    expect(await history()).toEqual([]);
    const page = await guest.get('/samtykke');
    const text = visibleText(page.body);
    expect(text).toContain('Velkommen! Før du gir oss lov til noe');
    expect(text).toContain('Ingenting er gitt før du trykker på knappen i steget.');
    expect(page.body).toContain('href="/samtykke/steg/1"');
    expect(page.body).toContain('<summary>Eller velg alt på én side</summary>');
  });

  it('explains each consent and power of attorney in plain words, with the exact text and its version, before it is given', async () => {
    for (const [i, text] of PERMISSION_TEXTS.entries()) {
      const page = await guest.get(`/samtykke/steg/${i + 1}`);
      expect(page.res.status).toBe(200);
      const seen = visibleText(page.body);
      expect(seen).toContain(`Steg ${i + 1} av ${PERMISSION_TEXTS.length}`);
      // What it allows, what it does not, how long, how to withdraw: each answered for this clause.
      const explained = /<dl data-explain="([^"]+)">([\s\S]*?)<\/dl>/.exec(page.body);
      expect(explained?.[1]).toBe(`${text.kind}-${text.scope}`);
      const parts = [...(explained?.[2] ?? '').matchAll(/<dt>([^<]+)<\/dt><dd>([^<]+)/g)];
      expect(parts.map((p) => p[1])).toEqual([
        'Dette gir oss lov til',
        'Dette gir oss ikke lov til',
        'Hvor lenge',
        'Slik trekker du det tilbake',
      ]);
      for (const p of parts) expect((p[2] ?? '').length).toBeGreaterThan(20);
      expect(seen).toContain(
        text.validMonths
          ? `I ${text.validMonths} måneder fra du gir den.`
          : 'Til du trekker det tilbake. Det går ikke ut av seg selv.',
      );
      // The binding words themselves, with the version that will be recorded.
      expect(seen).toContain(`Teksten du sier ja til (tekstversjon ${TEXT_VERSION})`);
      expect(seen).toContain(text.body.nb);
      expect(page.body).toContain(`name="version" value="${text.version}"`);
      expect(seen).toContain(`Ingenting er lagret ennå.`);
    }
    const analysis = visibleText((await guest.get('/samtykke/steg/1')).body);
    expect(analysis).toContain('så da avsluttes kundeforholdet');
    // Looking at every step recorded nothing.
    expect(await history()).toEqual([]);
    expect((await guest.get(`/samtykke/steg/${PERMISSION_TEXTS.length + 1}`)).res.status).toBe(404);
  });

  it('records nothing on "not now", refuses an outdated text version, and records the version shown on confirmation', async () => {
    await guest.get('/samtykke/steg/1');
    const skipped = await guest.post('/samtykke/steg/1', { decision: 'skip', version: TEXT_VERSION });
    expect(skipped.res.status).toBe(303);
    expect(skipped.res.headers.get('location')).toBe('/samtykke/steg/2');
    expect(await history()).toEqual([]);

    const outdated = await guest.post('/samtykke/steg/1', { decision: 'give', version: '2025-01-01' });
    expect(outdated.res.status).toBe(409);
    expect(visibleText(outdated.body)).toContain('Teksten er endret siden du leste den. Les den på nytt.');
    expect(await history()).toEqual([]);

    const given = await guest.post('/samtykke/steg/1', { decision: 'give', version: TEXT_VERSION });
    expect(given.res.headers.get('location')).toBe('/samtykke/steg/2');
    expect((await history()).map((e) => [e.scope, e.action, e.textVersion, e.channel])).toEqual([
      ['invoice_analysis', 'given', TEXT_VERSION, 'web-onboarding'],
    ]);
    // Given already: the step says so with the date and version, and offers only to go on.
    const again = await guest.get('/samtykke/steg/1');
    expect(visibleText(again.body)).toContain(
      `Du har allerede gitt dette (26. november 2026, tekstversjon ${TEXT_VERSION}).`,
    );
    expect(again.body).not.toContain('value="give"');
  });

  it('walks through the rest, fetches from Elhub once both powers of attorney are given, and ends with a summary', async () => {
    const give = ['continued_monitoring', 'elhub_metering_values', 'elhub_master_data'];
    for (let n = 2; n <= PERMISSION_TEXTS.length; n++) {
      const text = PERMISSION_TEXTS[n - 1];
      await guest.get(`/samtykke/steg/${n}`);
      const r = await guest.post(`/samtykke/steg/${n}`, {
        decision: give.includes(text?.scope ?? '') ? 'give' : 'skip',
        version: TEXT_VERSION,
      });
      expect(r.res.headers.get('location')).toBe(
        n < PERMISSION_TEXTS.length ? `/samtykke/steg/${n + 1}` : '/samtykke/ferdig',
      );
    }
    expect((await history()).map((e) => e.scope).sort()).toEqual(
      ['continued_monitoring', 'elhub_master_data', 'elhub_metering_values', 'invoice_analysis'].sort(),
    );
    // The metering point came from the source the moment the second Elhub power of attorney was given.
    expect(await t.app.services.metering.pointsOf(demo)).toHaveLength(1);
    const done = await guest.get('/samtykke/ferdig');
    expect(done.body).toContain('data-permission="power_of_attorney-elhub_master_data" data-status="active"');
    expect(done.body).toContain('data-permission="power_of_attorney-credit_check" data-status="never"');
    expect(visibleText(done.body)).toContain('Ferdig: dette har du valgt');
    // In English too, with the same structure.
    await guest.get('/sprak/en?til=/samtykke/steg/3');
    const english = visibleText((await guest.get(`/samtykke/steg/${step('elhub_metering_values')}`)).body);
    expect(english).toContain('What this does not let us do');
    expect(english).toContain('For 36 months from when you give it.');
    await guest.get('/sprak/nb?til=/samtykke');
  });

  it('changes everything later on one page, with the history of when, which text version and through which channel', async () => {
    const page = await guest.get('/samtykke');
    expect(visibleText(page.body)).not.toContain('Velkommen!');
    expect(page.body).toContain('<summary>Hva betyr dette?</summary>');
    const version = (id: string) =>
      new RegExp(`name="version:${id}" value="([^"]+)"`).exec(page.body)?.[1] ?? '';
    const form: Record<string, string> = {};
    for (const text of PERMISSION_TEXTS) {
      const id = `${text.kind}-${text.scope}`;
      form[`version:${id}`] = version(id);
    }
    // Keep the analysis and Elhub; withdraw monitoring; give the invoice-fetching power of attorney here.
    Object.assign(form, {
      'consent-invoice_analysis': '1',
      'power_of_attorney-elhub_master_data': '1',
      'power_of_attorney-elhub_metering_values': '1',
      'power_of_attorney-invoice_fetching': '1',
    });
    const saved = await guest.post('/samtykke', form);
    expect(saved.res.status).toBe(303);
    const events = (await history()).map((e) => `${e.scope}:${e.action}:${e.textVersion}:${e.channel}`);
    expect(events).toContain(`continued_monitoring:given:${TEXT_VERSION}:web-onboarding`);
    expect(events).toContain(`continued_monitoring:withdrawn:${TEXT_VERSION}:web`);
    expect(events).toContain(`invoice_fetching:given:${TEXT_VERSION}:web`);
    const after = visibleText((await guest.get('/samtykke')).body);
    expect(after).toMatch(
      /«Fortløpende overvåking og varsel» trukket tilbake \(Tekstversjon 2026-11-26, på nettsiden\)/,
    );
    expect(after).toMatch(
      /«Fortløpende overvåking og varsel» gitt \(Tekstversjon 2026-11-26, i gjennomgangen på nettsiden\)/,
    );
    expect(after).toContain('Trukket tilbake 26. november 2026');
  });

  it('still asks before withdrawing the analysis consent ends the relationship, showing what is kept until when', async () => {
    const page = await guest.get('/samtykke');
    const form: Record<string, string> = {};
    for (const text of PERMISSION_TEXTS) {
      const id = `${text.kind}-${text.scope}`;
      form[`version:${id}`] = new RegExp(`name="version:${id}" value="([^"]+)"`).exec(page.body)?.[1] ?? '';
    }
    const asked = await guest.postFollowing('/samtykke', form);
    expect(asked.redirectedFrom?.headers.get('location')).toBe('/samtykke/avslutt');
    expect(asked.res.status).toBe(200);
    expect(visibleText(asked.body)).toContain('Dette avslutter kundeforholdet ditt');
    expect(asked.body).toContain(
      'data-table="permission_events" data-outcome="keep" data-kept-until="2030-06-30"',
    );
    expect(await t.app.services.customers.status(demo)).toBe('active');
    const confirmed = await guest.postFollowing('/samtykke', { ...form, confirmEnd: '1' });
    expect(confirmed.redirectedFrom?.status).toBe(303);
    expect(visibleText(confirmed.body)).toContain('Samtykket er trukket, og kundeforholdet er avsluttet.');
    expect(await t.app.services.customers.status(demo)).toBe('erased');
  });

  it('starts every kind of request from Mine data and shows each with its status and deadline', async () => {
    const rita = household();
    await rita.get('/registrer');
    await rita.post('/registrer', {
      name: 'Rita Rettighet',
      email: 'rita.rettighet@example.no',
      identityNumber: '14028512334',
      password: 'et langt og godt passord',
    });
    const ritaId = (await t.app.services.customers.findIdByEmail('rita.rettighet@example.no')) ?? '';
    const page = await rita.get('/mine-data');
    const offered = [...page.body.matchAll(/name="type" value="([a-z_]+)"/g)].map((m) => m[1]);
    expect(offered).toEqual([
      'access',
      'portability',
      'rectification',
      'restriction',
      'objection',
      'objection_marketing',
      'automated_decision_review',
      'complaint',
    ]);
    // Erasure starts on its own page, which shows the plan first.
    expect(page.body).toContain('href="/slett-meg"');
    const forms: Record<string, Record<string, string>> = {
      access: {},
      portability: {},
      rectification: { name: 'Rita R. Rettighet' },
      restriction: { text: 'Jeg bestrider forbruket som er registrert' },
      objection: { text: 'Jeg vil ikke overvåkes', purposes: 'monitoring' },
      objection_marketing: {},
      automated_decision_review: { text: 'Se på besparelsen igjen' },
      complaint: { text: 'Svaret kom for sent' },
    };
    for (const [type, fields] of Object.entries(forms)) {
      await rita.get('/mine-data');
      const sent = await rita.post('/mine-data/foresporsel', { type, ...fields });
      expect(sent.res.status, type).toBe(303);
      const shown = await rita.get(sent.res.headers.get('location') ?? '');
      expect(shown.body, type).toContain('data-due="2026-12-26"');
      const words = visibleText(shown.body);
      // Settled at once by the fresh sign-in, or waiting for a person: either way the deadline is there.
      expect(words, type).toMatch(
        /Vi svarer senest 26\. desember 2026\.|Avsluttet 26\. november 2026\. Fristen var 26\. desember 2026\./,
      );
    }
    const erase = await rita.post('/mine-data/foresporsel', { type: 'erasure' });
    expect(erase.res.headers.get('location')).toBe('/slett-meg');
    const plan = await rita.get('/slett-meg');
    // Deleted now, and what is kept until when: the erasure request itself (three years) and the
    // emptied account row (the agreements rule).
    expect(plan.body).toContain(
      'data-table="privacy_requests" data-outcome="keep" data-kept-until="2029-11-26"',
    );
    expect(plan.body).toContain(
      'data-table="customers" data-outcome="pseudonymise" data-kept-until="2030-06-30"',
    );
    expect(plan.body).toContain('data-table="sessions" data-outcome="delete"');
    expect(visibleText(plan.body)).toContain('Beholdes til 26. november 2029');

    const list = await rita.get('/mine-data');
    const rows = [...list.body.matchAll(/<tr data-request="[^"]+" data-state="([a-z]+)">([\s\S]*?)<\/tr>/g)];
    expect(rows).toHaveLength(8);
    for (const row of rows) expect(row[2]).toContain('data-due="2026-12-26"');
    const states = Object.fromEntries(
      (await t.app.services.requests.ofCustomer(ritaId)).map((r) => [r.type, r.state]),
    );
    expect(states).toMatchObject({
      access: 'completed',
      portability: 'completed',
      rectification: 'completed',
      restriction: 'completed',
      objection_marketing: 'completed',
      objection: 'verified',
      automated_decision_review: 'verified',
      complaint: 'verified',
    });
    expect((await t.app.services.customers.profile(ritaId)).name).toBe('Rita R. Rettighet');
  });

  it('shows an erasure request waiting for its code together with what confirming it will delete and keep', async () => {
    const { customers, requests } = t.app.services;
    const id = await customers.signUp({
      name: 'Even Epost',
      email: 'even@example.no',
      identityNumber: '31070551228',
      password: 'et langt og godt passord',
    });
    // Sent without a fresh sign-in: it waits for the one-time code.
    const { request } = await requests.submit(id, 'erasure', {}, { channel: 'web' });
    const even = household();
    await even.get('/logg-inn');
    await even.post('/logg-inn', { email: 'even@example.no', password: 'et langt og godt passord' });
    const page = await even.get(`/mine-data/foresporsel/${request.id}`);
    expect(visibleText(page.body)).toContain('Dette skjer når du har bekreftet at det er deg');
    expect(page.body).toContain(
      'data-table="privacy_requests" data-outcome="keep" data-kept-until="2029-11-26"',
    );
    expect(page.body).toContain('action="/mine-data/foresporsel/');
    expect(await customers.status(id)).toBe('active');
  });
});
