import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SmtpSender } from '../src/modules/notifications/senders.ts';
import { startTestApp, type TestApp } from './app.ts';
import { HttpSession, listenWeb, visibleText } from './http.ts';
import { mailText, startSmtp } from './mail.ts';
import { signInStaffOverHttp } from './staff-sign-in.ts';
import { describeStores } from './stores.ts';

/** Art. 34: the people a high-risk breach affected are recorded one by one and told, each once. */
describeStores('telling the people a breach affected', (kind) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let server: FastifyInstance;
  let base: string;
  let dpo: HttpSession;
  let breachId = '';
  const people: Record<string, string> = {};
  const DPO = { username: 'dpo', name: 'Dina Personvern', roles: ['dpo'], password: 'et langt dpo-passord' };

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp(kind, {
      senders: { email: new SmtpSender(smtp.url, 'Elvakt <personvern@elvakt.no>') },
    });
    const { customers, staff } = t.app.services;
    for (const [key, person] of Object.entries({
      kari: { name: 'Kari Rammet', email: 'kari.rammet@example.no', identityNumber: '14028512334' },
      ola: { name: 'Ola Rammet', email: 'ola.rammet@example.no', identityNumber: '15076500565' },
    })) {
      people[key] = await customers.signUp({ ...person, password: 'et langt og godt passord' });
    }
    await staff.create(DPO);
    ({ server, base } = await listenWeb(t.app));
    dpo = new HttpSession(base);
    await signInStaffOverHttp(dpo, t, DPO);
    await dpo.get('/ansatt/avvik');
    const registered = await dpo.post('/ansatt/avvik', {
      title: 'Eksport på avveie',
      description: 'En kundeeksport ble sendt til feil mottaker hos en underleverandør.',
      categories: 'contact',
      subjectsAffected: '2',
      foundAt: new Date(t.clock.now().getTime() - 3_600_000).toISOString(),
      risk: 'high_risk',
    });
    expect(registered.res.status).toBe(303);
    breachId = /data-breach="([0-9a-f-]{36})"/.exec((await dpo.get('/ansatt/avvik')).body)?.[1] ?? '';
    expect(breachId).not.toBe('');
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
    await smtp?.close();
  });

  const outbox = () =>
    t.app.store.db.selectFrom('outbox').select(['customer_id', 'template', 'payload_enc']).execute();

  it('records each person by the ID on their card, refusing what is no active customer, and audits it with the person as subject', async () => {
    for (const bad of ['ikke-en-id', '00000000-0000-4000-8000-000000000000']) {
      const r = await dpo.post(`/ansatt/avvik/${breachId}/berort`, { customer: bad });
      expect(r.res.status).toBe(400);
      expect(visibleText(r.body)).toContain('Fant ingen aktiv kunde med den ID-en.');
    }
    for (const id of [people.kari, people.ola, people.kari]) {
      expect((await dpo.post(`/ansatt/avvik/${breachId}/berort`, { customer: id ?? '' })).res.status).toBe(
        303,
      );
    }
    expect(visibleText((await dpo.get('/ansatt/avvik')).body)).toContain(
      'Berørte personer registrert ved navn: 2',
    );
    const audit = await t.app.store.db
      .selectFrom('audit_log')
      .select(['subject_id'])
      .where('action', '=', 'breach.subject_added')
      .execute();
    expect(audit.map((a) => a.subject_id).sort()).toEqual([people.kari, people.ola].sort());
  });

  it('tells each of them once by e-mail what happened, what it may mean, what is done and whom to ask', async () => {
    const incomplete = await dpo.post(`/ansatt/avvik/${breachId}/varsle`, {
      consequences: 'kort',
      measures: '',
    });
    expect(incomplete.res.status).toBe(400);
    expect(await outbox()).toEqual([]);

    const notice = {
      consequences: 'Navn og e-postadresse kan ha blitt lest av en uvedkommende.',
      measures: 'Mottakeren har slettet eksporten. Vær på vakt mot e-post som later som den er fra oss.',
    };
    expect((await dpo.post(`/ansatt/avvik/${breachId}/varsle`, notice)).res.status).toBe(303);
    const queued = await outbox();
    expect(queued.map((m) => [m.customer_id, m.template]).sort()).toEqual(
      [
        [people.kari, 'breach_notice'],
        [people.ola, 'breach_notice'],
      ].sort(),
    );
    // The address and the text are sealed under each person's key.
    for (const m of queued) {
      expect(Buffer.from(m.payload_enc).includes(Buffer.from('example.no'))).toBe(false);
      expect(Buffer.from(m.payload_enc).includes(Buffer.from('uvedkommende'))).toBe(false);
    }
    expect((await t.app.services.notifications.deliverDue()).sent).toBe(2);
    const kari = mailText(smtp.messages.find((m) => m.includes('To: kari.rammet@example.no')) ?? '');
    expect(kari).toContain('Eksport på avveie');
    expect(kari).toContain(notice.consequences);
    expect(kari).toContain(notice.measures);
    expect(kari).toContain('personvernombudet');
    expect(kari).not.toContain('Ola Rammet');
    const page = visibleText((await dpo.get('/ansatt/avvik')).body);
    expect(page).toContain('De berørte varslet');
    expect(page).not.toContain('De berørte må varsles');

    // Sent again by mistake: nobody gets it twice.
    expect((await dpo.post(`/ansatt/avvik/${breachId}/varsle`, notice)).res.status).toBe(303);
    expect(await outbox()).toHaveLength(2);
    const rows = await t.app.store.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'breach.subjects_notified')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.details)).toEqual([
      { breach: breachId, queued: 2, withoutAddress: 0 },
      { breach: breachId, queued: 0, withoutAddress: 0 },
    ]);
  });

  it('is for the data protection officer alone', async () => {
    const cs = {
      username: 'ks',
      name: 'Kim Service',
      roles: ['customer_service'],
      password: 'et langt ks-passord',
    };
    await t.app.services.staff.create(cs);
    const http = new HttpSession(base);
    await signInStaffOverHttp(http, t, cs);
    await http.get('/ansatt');
    const r = await http.post(`/ansatt/avvik/${breachId}/berort`, { customer: people.kari ?? '' });
    expect(r.res.status).toBe(403);
    expect(visibleText(r.body)).toContain('Rollen din gir ikke tilgang til dette.');
    expect(await t.app.services.breaches.list()).toMatchObject([{ subjectsLinked: 2 }]);
  });
});
