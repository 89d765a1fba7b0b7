import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createWebServer } from '../src/web/server.ts';
import { ANALYSIS_CONSENT, startTestApp, type TestApp } from './app.ts';
import { HttpSession, visibleText } from './http.ts';
import { MemorySender } from './mail.ts';
import { describeStores } from './stores.ts';

const PEOPLE = {
  ola1: { name: 'Ola Nordmann', email: 'ola.en@example.no', identityNumber: '01017012343' },
  ola2: { name: 'Ola  nordmann', email: 'ola.to@example.no', identityNumber: '17054026641' },
  kari: { name: 'Kari Nordmann', email: 'kari@example.no', identityNumber: '14028512334' },
  per: { name: 'Per Hansen', email: 'per@example.no', identityNumber: '31070551228' },
  siri: { name: 'Siri Sletting', email: 'siri@example.no', identityNumber: '29020060040' },
} as const;
type Person = keyof typeof PEOPLE;

/** Staff pages that are the data protection officer's, and the administrator's list of staff. */
const DPO_PAGES = [
  '/ansatt/sperrer',
  '/ansatt/avvik',
  '/ansatt/behandlingsprotokoll',
  '/ansatt/lagringstid',
  '/ansatt/logg',
];

/**
 * The staff desk over HTTP: roles that see only what they need, look-ups only with a purpose
 * and always audited, the request queue by deadline, and a request carried through from
 * receipt to answer, every step in the audit log.
 */
describeStores('the staff desk', (kind) => {
  let t: TestApp;
  let server: FastifyInstance;
  let base: string;
  const ids = {} as Record<Person, string>;
  const staffIds = { cs: '', dpo: '', admin: '' };
  const email = new MemorySender('email');

  beforeAll(async () => {
    t = await startTestApp(kind, { senders: { email } });
    server = await createWebServer(t.app);
    await server.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    const { customers, staff, permissions } = t.app.services;
    for (const [key, p] of Object.entries(PEOPLE) as [Person, (typeof PEOPLE)[Person]][]) {
      ids[key] = await customers.signUp({ ...p, password: 'et langt og godt passord' });
      await permissions.change(ids[key], ANALYSIS_CONSENT, 'web');
    }
    const create = (username: string, role: string) =>
      staff.create({ username, name: `Test ${role}`, roles: [role], password: 'a long staff password' });
    staffIds.cs = await create('cs', 'customer_service');
    staffIds.dpo = await create('dpo', 'dpo');
    staffIds.admin = await create('admin', 'admin');
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  /**
   * A signed-in desk session. The sign-in itself (password, then the second factor) is
   * tested with the sign-in; these tests start from the session it ends in.
   */
  const desk = async (who: keyof typeof staffIds): Promise<HttpSession> => {
    const http = new HttpSession(base);
    const token = await t.app.services.staff.createSession(staffIds[who]);
    (http as unknown as { cookies: Map<string, string> }).cookies.set('staff_token', token);
    return http;
  };

  const auditRows = (actions: string[]) =>
    t.app.store.db
      .selectFrom('audit_log')
      .select(['action', 'actor', 'purpose', 'subject_id', 'details'])
      .where('action', 'in', actions)
      .orderBy('id')
      .execute();

  const fullNumbers = Object.values(PEOPLE).map((p) => p.identityNumber);
  const masked = (p: Person) => `${PEOPLE[p].identityNumber.slice(0, 6)} *****`;

  it('keeps each role to its own pages: 403 elsewhere, and the navigation shows only what the role may open', async () => {
    const anonymous = new HttpSession(base);
    const away = await anonymous.get('/ansatt/logg');
    expect(away.res.status).toBe(303);
    expect(away.res.headers.get('location')).toBe('/ansatt/logg-inn');

    const cs = await desk('cs');
    const queue = await cs.get('/ansatt');
    expect(queue.res.status).toBe(200);
    const csNav = [...queue.body.matchAll(/<li><a href="(\/ansatt[^"]*)">/g)].map((m) => m[1]);
    expect(csNav).toEqual(['/ansatt', '/ansatt/kunder']);
    for (const path of [...DPO_PAGES, '/ansatt/ansatte']) {
      const r = await cs.get(path);
      expect(r.res.status, path).toBe(403);
      expect(visibleText(r.body)).toContain('Rollen din gir ikke tilgang til dette.');
    }

    const dpo = await desk('dpo');
    const dpoNav = [...(await dpo.get('/ansatt')).body.matchAll(/<li><a href="(\/ansatt[^"]*)">/g)].map(
      (m) => m[1],
    );
    expect(dpoNav).toEqual(['/ansatt', '/ansatt/kunder', ...DPO_PAGES]);
    for (const path of dpoNav) expect((await dpo.get(path ?? '')).res.status, path).toBe(200);
    expect((await dpo.get('/ansatt/ansatte')).res.status).toBe(403);

    const admin = await desk('admin');
    const adminPage = await admin.get('/ansatt/ansatte');
    expect(adminPage.res.status).toBe(200);
    expect(adminPage.body).toMatch(/data-staff="dpo">[\s\S]*?personvernombud/);
    const adminNav = [...adminPage.body.matchAll(/<li><a href="(\/ansatt[^"]*)">/g)].map((m) => m[1]);
    expect(adminNav).toEqual([
      '/ansatt/behandlingsprotokoll',
      '/ansatt/lagringstid',
      '/ansatt/logg',
      '/ansatt/ansatte',
    ]);
    for (const path of ['/ansatt', '/ansatt/kunder', '/ansatt/sperrer', '/ansatt/avvik'])
      expect((await admin.get(path)).res.status, path).toBe(403);
  });

  it('finds a customer by full name, e-mail, identity number or metering point only after a purpose, and audits each look-up with it', async () => {
    const cs = await desk('cs');
    await cs.get('/ansatt/kunder');
    const noPurpose = await cs.postFollowing('/ansatt/kunder', { query: PEOPLE.kari.name, purpose: '' });
    expect(noPurpose.res.status).toBe(400);
    expect(visibleText(noPurpose.body)).toContain('Skriv formålet med oppslaget (minst fem tegn).');

    // Exact full name, whatever the case and spacing.
    const kari = await cs.postFollowing('/ansatt/kunder', {
      query: '  kari   NORDMANN ',
      purpose: 'Kunden ringte om faktura',
    });
    expect(kari.res.status).toBe(200);
    expect(kari.body).toContain(`data-customer="${ids.kari}"`);
    expect(kari.body).toContain(`<dd data-identity="true">${masked('kari')}</dd>`);
    // A part of a name finds nobody: the index holds whole names only.
    const part = await cs.postFollowing('/ansatt/kunder', {
      query: 'Nordmann',
      purpose: 'Kunden ringte om faktura',
    });
    expect(visibleText(part.body)).toContain('Ingen kunde passer.');

    // Namesakes: a list with the birth dates to choose from, and no record opened yet.
    const olas = await cs.postFollowing('/ansatt/kunder', {
      query: 'Ola Nordmann',
      purpose: 'Brev fra Ola om flytting',
    });
    expect(visibleText(olas.body)).toContain('2 kunder har dette navnet.');
    expect(olas.body).toContain(`data-match="${ids.ola1}"`);
    expect(olas.body).toContain(`data-match="${ids.ola2}"`);
    expect(olas.body).toContain(masked('ola2'));
    expect(olas.body).not.toContain('data-customer=');
    const opened = await cs.postFollowing(`/ansatt/kunder/${ids.ola2}`, {
      purpose: 'Brev fra Ola om flytting',
    });
    expect(opened.body).toContain(`data-customer="${ids.ola2}"`);
    expect(opened.body).not.toContain(`data-customer="${ids.ola1}"`);

    const byEmail = await cs.postFollowing('/ansatt/kunder', {
      query: PEOPLE.per.email,
      purpose: 'Kunden ringte om faktura',
    });
    expect(byEmail.body).toContain(`data-customer="${ids.per}"`);
    const byNumber = await cs.postFollowing('/ansatt/kunder', {
      query: PEOPLE.per.identityNumber,
      purpose: 'Kunden ringte om faktura',
    });
    expect(byNumber.body).toContain(`data-customer="${ids.per}"`);

    const rows = await auditRows(['customer.looked_up', 'customer.viewed']);
    expect(rows.map((r) => [r.action, r.actor, r.purpose])).toEqual([
      ['customer.looked_up', `staff:${staffIds.cs}`, 'Kunden ringte om faktura'],
      ['customer.viewed', `staff:${staffIds.cs}`, 'Kunden ringte om faktura'],
      ['customer.looked_up', `staff:${staffIds.cs}`, 'Kunden ringte om faktura'],
      ['customer.looked_up', `staff:${staffIds.cs}`, 'Brev fra Ola om flytting'],
      ['customer.viewed', `staff:${staffIds.cs}`, 'Brev fra Ola om flytting'],
      ['customer.looked_up', `staff:${staffIds.cs}`, 'Kunden ringte om faktura'],
      ['customer.viewed', `staff:${staffIds.cs}`, 'Kunden ringte om faktura'],
      ['customer.looked_up', `staff:${staffIds.cs}`, 'Kunden ringte om faktura'],
      ['customer.viewed', `staff:${staffIds.cs}`, 'Kunden ringte om faktura'],
    ]);
    expect(rows.map((r) => (r.details as { by?: string } | null)?.by).filter(Boolean)).toEqual([
      'name',
      'name',
      'name',
      'email',
      'identity_number',
    ]);
    expect(((rows[3]?.details ?? { ids: [] }) as { ids: string[] }).ids.sort()).toEqual(
      [ids.ola1, ids.ola2].sort(),
    );
    expect(rows[4]?.subject_id).toBe(ids.ola2);
    // What was typed stays out of the log: no names, no numbers.
    const logged = JSON.stringify(rows);
    for (const p of Object.values(PEOPLE)) {
      expect(logged).not.toContain(p.identityNumber);
      expect(logged).not.toContain('Nordmann');
    }
  });

  it('keeps the name index current: rectified names are found, old ones not, and older accounts are indexed by the job', async () => {
    const { customers, desk: deskService } = t.app.services;
    const dpo = (await t.app.services.staff.list()).find((s) => s.username === 'dpo');
    if (!dpo) throw new Error('no dpo');
    await customers.rectify(ids.siri, { name: 'Siri Solberg' });
    expect(await customers.findIdsByName('siri solberg')).toEqual([ids.siri]);
    expect(await customers.findIdsByName('Siri Sletting')).toEqual([]);
    // An account from before the index existed has none until the job fills it in.
    await t.app.store.db
      .updateTable('customers')
      .set({ name_bidx: null })
      .where('id', '=', ids.per)
      .execute();
    expect(await deskService.lookup(dpo, 'Per Hansen', 'Kontroll av navneoppslag')).toEqual([]);
    expect(await customers.indexNames()).toBe(1);
    expect(await deskService.lookup(dpo, 'Per Hansen', 'Kontroll av navneoppslag')).toEqual([ids.per]);
    expect(await customers.indexNames()).toBe(0);
  });

  it('never shows customer service a full identity number on any page that shows a customer; the DPO sees it', async () => {
    const cs = await desk('cs');
    const dpo = await desk('dpo');
    await cs.get('/ansatt/kunder');
    const created = await cs.post(`/ansatt/kunder/${ids.kari}/foresporsel`, {
      type: 'access',
      channel: 'letter',
      text: 'Ønsker innsyn i alt dere har om meg',
    });
    expect(created.res.status).toBe(303);
    const requestPath = created.res.headers.get('location') ?? '';
    const pages = [
      await cs.postFollowing('/ansatt/kunder', { query: PEOPLE.kari.name, purpose: 'Kontroll av maskering' }),
      await cs.postFollowing('/ansatt/kunder', {
        query: PEOPLE.kari.email,
        purpose: 'Kontroll av maskering',
      }),
      await cs.postFollowing('/ansatt/kunder', {
        query: PEOPLE.kari.identityNumber,
        purpose: 'Kontroll av maskering',
      }),
      await cs.postFollowing('/ansatt/kunder', { query: 'Ola Nordmann', purpose: 'Kontroll av maskering' }),
      await cs.postFollowing(`/ansatt/kunder/${ids.kari}`, { purpose: 'Kontroll av maskering' }),
      await cs.get(requestPath),
      await cs.get('/ansatt'),
    ];
    for (const page of pages) {
      expect(page.res.status).toBe(200);
      for (const n of fullNumbers) expect(page.body).not.toContain(n);
    }
    expect(pages[5]?.body).toContain(`<dd data-identity="true">${masked('kari')}</dd>`);
    // The extract holds the full number: customer service may not make it.
    await cs.post(`${requestPath}/bekreft`, { note: 'Signert brev med kopi av førerkort' });
    expect((await cs.get(`${requestPath}/utdrag/pdf`)).res.status).toBe(403);
    expect(visibleText((await cs.get(requestPath)).body)).toContain(
      'Utdraget inneholder hele fødselsnummeret, så det lages av personvernombudet.',
    );
    const full = await dpo.get(requestPath);
    expect(full.body).toContain(`<dd data-identity="true">${PEOPLE.kari.identityNumber}</dd>`);
    // Opening a request shows who it is about, and that too is an audited view with the request as purpose.
    const views = await auditRows(['customer.viewed']);
    expect(views.at(-1)).toMatchObject({
      actor: `staff:${staffIds.dpo}`,
      subject_id: ids.kari,
      purpose: `request access ${requestPath.split('/').at(-1)}`,
    });
  });

  it('lets the DPO produce the extract of a verified access request and close it, each step audited', async () => {
    const dpo = await desk('dpo');
    const [request] = (await t.app.services.requests.ofCustomer(ids.kari)).filter((r) => r.type === 'access');
    if (!request) throw new Error('no access request');
    const file = await dpo.get(`/ansatt/foresporsel/${request.id}/utdrag/json`);
    expect(file.res.status).toBe(200);
    expect(file.res.headers.get('cache-control')).toBe('no-store');
    expect(JSON.parse(file.body).tables.customers.rows[0].fnr_enc).toBe(PEOPLE.kari.identityNumber);
    expect((await dpo.get(`/ansatt/foresporsel/${request.id}/utdrag/portabilitet.json`)).res.status).toBe(
      404,
    );
    await dpo.get(`/ansatt/foresporsel/${request.id}`);
    const closed = await dpo.post(`/ansatt/foresporsel/${request.id}/svar`, {
      resolution: 'Registerutskriften er sendt i posten til folkeregistrert adresse.',
    });
    expect(closed.res.status).toBe(303);
    const done = await t.app.services.requests.byId(request.id);
    expect(done.state).toBe('completed');
    expect(done.resolution).toContain('sendt i posten');
    const steps = (
      await t.app.store.db
        .selectFrom('audit_log')
        .select(['action', 'actor'])
        .where('subject_id', '=', ids.kari)
        .where('action', 'in', [
          'request.received',
          'request.verified',
          'subject.exported',
          'request.completed',
        ])
        .orderBy('id')
        .execute()
    ).map((r) => `${r.action} ${r.actor}`);
    expect(steps).toEqual([
      `request.received staff:${staffIds.cs}`,
      `request.verified staff:${staffIds.cs}`,
      `subject.exported staff:${staffIds.dpo}`,
      `request.completed staff:${staffIds.dpo}`,
    ]);
  });

  it('extends a deadline only with a reason, restricts while a rectification is handled, and writes the corrected values', async () => {
    const cs = await desk('cs');
    await cs.get('/ansatt/kunder');
    const created = await cs.post(`/ansatt/kunder/${ids.per}/foresporsel`, {
      type: 'rectification',
      channel: 'phone',
      text: 'Navnet er feilstavet',
      name: 'Per Hanssen',
    });
    const path = created.res.headers.get('location') ?? '';
    const page = await cs.get(path);
    expect(page.body).toMatch(/<dl data-changes="true"><dt>Fullt navn<\/dt><dd>Per Hanssen<\/dd><\/dl>/);
    const noReason = await cs.post(`${path}/forleng`, { reason: '' });
    expect(noReason.res.status).toBe(400);
    expect(visibleText(noReason.body)).toContain('Fyll ut feltet.');
    const extended = await cs.post(`${path}/forleng`, { reason: 'Venter på kopi av legitimasjon' });
    expect(extended.res.status).toBe(303);
    const after = await cs.get(path);
    expect(visibleText(after.body)).toContain(
      'Fristen er forlenget til 26. februar 2027. Grunn: Venter på kopi av legitimasjon',
    );
    // While the accuracy is contested, the analysis stops.
    const restricted = await cs.post(`${path}/begrens`, { purposes: 'savings_analysis' });
    expect(restricted.res.status).toBe(303);
    expect(await t.app.services.restrictions.mayProcess(ids.per, 'savings_analysis')).toBe(false);
    expect(await t.app.services.restrictions.mayProcess(ids.per, 'monitoring')).toBe(true);
    await cs.post(`${path}/bekreft`, { note: 'Ringte tilbake på registrert nummer, bekreftet fødselsdato' });
    // The customer spelt it wrong on the phone too; the desk writes what was agreed.
    const done = await cs.post(`${path}/svar`, { name: 'Per Hansen-Berg', resolution: '' });
    expect(done.res.status).toBe(303);
    expect((await t.app.services.customers.profile(ids.per)).name).toBe('Per Hansen-Berg');
    expect(await t.app.services.customers.findIdsByName('per hansen berg')).toEqual([ids.per]);
    const audit = await auditRows(['request.extended', 'processing.restriction_placed', 'request.completed']);
    expect(audit.filter((r) => r.subject_id === ids.per).map((r) => `${r.action} ${r.actor}`)).toEqual([
      `request.extended staff:${staffIds.cs}`,
      `processing.restriction_placed staff:${staffIds.cs}`,
      `request.completed staff:${staffIds.cs}`,
    ]);
  });

  it('has a DPO complete an erasure request from the queue before its deadline, after a plan that lists what is kept until when', async () => {
    const { requests, customers } = t.app.services;
    // Two older requests, one overdue and one due within the week, sort above the new one.
    t.clock.set('2026-10-20T10:00:00Z');
    const { request: overdue } = await requests.submit(
      ids.ola1,
      'complaint',
      { text: 'Gammel klage' },
      { channel: 'web' },
    );
    t.clock.set('2026-11-01T10:00:00Z');
    const { request: soon } = await requests.submit(
      ids.ola2,
      'automated_decision_review',
      { text: 'Se på det igjen' },
      { channel: 'web' },
    );
    t.clock.set('2026-11-26T10:00:00Z');

    const cs = await desk('cs');
    await cs.get('/ansatt/kunder');
    const created = await cs.post(`/ansatt/kunder/${ids.siri}/foresporsel`, {
      type: 'erasure',
      channel: 'letter',
      text: 'Slett alt om meg',
    });
    const path = created.res.headers.get('location') ?? '';
    const erasureId = path.split('/').at(-1) ?? '';
    await cs.post(`${path}/bekreft`, {
      note: 'Signert brev, signatur og fødselsdato stemmer med kundeforholdet',
    });
    // Customer service may prepare it but not carry it out.
    const csPage = await cs.get(path);
    expect(visibleText(csPage.body)).toContain('Bare personvernombudet kan gjennomføre en sletting.');
    expect((await cs.post(`${path}/svar`, {})).res.status).toBe(403);

    const dpo = await desk('dpo');
    const queue = await dpo.get('/ansatt');
    const order = [...queue.body.matchAll(/data-request="([^"]+)" data-deadline="([a-z_]+)"/g)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(order.slice(0, 2)).toEqual([
      [overdue.id, 'overdue'],
      [soon.id, 'due_soon'],
    ]);
    expect(order.find(([id]) => id === erasureId)?.[1]).toBe('on_time');
    expect(visibleText(queue.body)).toMatch(/åpne forespørsler: 1 over fristen, 1 med under en uke igjen\./);
    expect(visibleText(queue.body)).toContain('Over fristen');

    const plan = await dpo.get(path);
    expect(plan.body).toContain(
      'data-table="permission_events" data-outcome="keep" data-kept-until="2030-06-30"',
    );
    expect(plan.body).toContain(
      'data-table="privacy_requests" data-outcome="keep" data-kept-until="2029-11-26"',
    );
    expect(plan.body).toContain('data-table="audit_log" data-outcome="keep" data-kept-until="2031-11-26"');
    expect(plan.body).toContain(
      'data-table="customers" data-outcome="pseudonymise" data-kept-until="2030-06-30"',
    );
    expect(visibleText(plan.body)).toContain('Beholdes til 30. juni 2030');
    expect(visibleText(plan.body)).toContain('Gjennomfør slettingen');

    const done = await dpo.post(`${path}/svar`, {});
    expect(done.res.status).toBe(303);
    expect(await customers.status(ids.siri)).toBe('erased');
    const closed = await requests.byId(erasureId);
    expect(closed.state).toBe('completed');
    expect(closed.completedAt?.getTime()).toBeLessThan(closed.dueAt.getTime());
    const after = await dpo.get(path);
    expect(visibleText(after.body)).toContain('Dette ble gjort');
    expect(after.body).toContain('data-table="permission_events" data-outcome="keep"');
    expect(visibleText(after.body)).toContain('Kunden er slettet.');
    const steps = (
      await auditRows(['request.received', 'request.verified', 'request.completed', 'subject.erased'])
    )
      .filter((r) => r.subject_id === ids.siri)
      .map((r) => `${r.action} ${r.actor}`);
    // Never completed before the erasure is in the log: both in one transaction, erasure first.
    expect(steps).toEqual([
      `request.received staff:${staffIds.cs}`,
      `request.verified staff:${staffIds.cs}`,
      `subject.erased staff:${staffIds.dpo}`,
      `request.completed staff:${staffIds.dpo}`,
    ]);
  });

  it('gives the DPO the legal holds, the retention schedule, the audit log with its verdict, the processors and the record, and the breach clock', async () => {
    const dpo = await desk('dpo');
    // A hold placed from the customer's card.
    await dpo.get('/ansatt/kunder');
    await dpo.postFollowing('/ansatt/kunder', { query: PEOPLE.kari.email, purpose: 'Tvist om sluttoppgjør' });
    const placed = await dpo.post('/ansatt/sperrer', {
      customerId: ids.kari,
      reason: 'Tvist om sluttoppgjør, sak 2026-41',
    });
    expect(placed.res.status).toBe(303);
    const holds = await dpo.get('/ansatt/sperrer');
    expect(visibleText(holds.body)).toContain('Tvist om sluttoppgjør, sak 2026-41');

    // Desk sessions expire in hours: due within the month, not today.
    const retention = await dpo.get('/ansatt/lagringstid');
    expect(retention.body).toMatch(
      /<tr data-due="staff_sessions">[\s\S]*?data-days="0">0<[\s\S]*?data-days="30">[1-9]/,
    );
    expect(visibleText(retention.body)).toContain('Innen 26. desember 2026');
    expect(retention.body).toContain('data-table="permission_events"');

    const audit = visibleText((await dpo.get('/ansatt/logg')).body);
    expect(audit).toMatch(/Kjeden er intakt: \d+ rader kontrollert\./);
    expect(audit).toContain('Test dpo (dpo) Oppslag etter kunde Tvist om sluttoppgjør');

    const record = await dpo.get('/ansatt/behandlingsprotokoll');
    expect(record.body).toContain('data-processor="cgi-norge"');
    expect(visibleText(record.body)).toContain('Kredinor AS');
    expect(visibleText(record.body)).toContain('innenfor EØS');

    await dpo.get('/ansatt/avvik');
    await dpo.post('/ansatt/avvik', {
      title: 'Feilsendt brev',
      description: 'Et svarbrev gikk til feil adresse.',
      categories: 'contact',
      subjectsAffected: '1',
      foundAt: new Date(t.clock.now().getTime() - 5 * 3_600_000).toISOString(),
      risk: 'risk',
    });
    expect((await dpo.get('/ansatt/avvik')).body).toContain('data-clock="67"');
  });
});
