import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseCommand, runDataCommand } from '../src/cli/commands.ts';
import { type CliIo, describeError } from '../src/cli/io.ts';
import { startTestApp, type TestApp } from './app.ts';
import { HttpSession, listenWeb, visibleText } from './http.ts';
import { describeStores } from './stores.ts';

/**
 * Names with control characters or bidirectional overrides are refused wherever a name
 * is taken, with the same rule and a message in the person's language, and nothing is
 * written.
 */
const OVERRIDE = 'Kari \u202enammdroN';
const NAME_REFUSED = { at: 'name', message: 'name_characters' };

describeStores('names with control or direction-changing characters', (kind) => {
  let t: TestApp;
  let server: FastifyInstance;
  let base: string;
  let kari: string;

  beforeAll(async () => {
    t = await startTestApp(kind);
    kari = await t.app.services.customers.signUp({
      name: 'Kari Nordmann',
      email: 'kari@example.no',
      identityNumber: '14028512334',
      password: 'et langt og godt passord',
    });
    ({ server, base } = await listenWeb(t.app));
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  it('are refused at sign-up, and no account is made', async () => {
    const { customers } = t.app.services;
    for (const name of [OVERRIDE, 'Ola\u0000Nordmann', 'Ola\nNordmann', '\u2066Ola Nordmann\u2069']) {
      await expect(
        customers.signUp({
          name,
          email: 'ola@example.no',
          identityNumber: '01017012343',
          password: 'et langt og godt passord',
        }),
      ).rejects.toMatchObject({ code: 'validation_failed', details: [NAME_REFUSED] });
    }
    expect(await customers.findIdByEmail('ola@example.no')).toBeUndefined();
  });

  it('are refused by rectification, directly and as a request, and the name stays as it was', async () => {
    const { customers, requests } = t.app.services;
    await expect(customers.rectify(kari, { name: OVERRIDE })).rejects.toMatchObject({
      code: 'validation_failed',
      details: [NAME_REFUSED],
    });
    await expect(
      requests.submit(
        kari,
        'rectification',
        { changes: { name: 'Kari\u202dNordmann' } },
        { channel: 'web', authenticatedAt: t.clock.now() },
      ),
    ).rejects.toMatchObject({ code: 'validation_failed', details: [NAME_REFUSED] });
    expect(await requests.ofCustomer(kari)).toEqual([]);
    expect((await customers.profile(kari)).name).toBe('Kari Nordmann');
  });

  it('are refused for a staff account, on the command line with a sentence that says why', async () => {
    const io: CliIo & { stderr: string[] } = { stderr: [], out: () => {}, err: (s) => io.stderr.push(s) };
    let code: number;
    try {
      code = await runDataCommand(
        t.app,
        io,
        parseCommand(['staff', 'add', '--username', 'dag', '--name', 'Dag\u202ePersonvern', '--role', 'dpo']),
      );
    } catch (e) {
      const d = describeError(e);
      io.err(d.text);
      code = d.code;
    }
    expect(code).toBe(1);
    expect(io.stderr.join('\n')).toContain(
      'a name may not hold control characters or characters that change the writing direction',
    );
    expect(await t.app.services.staff.count()).toBe(0);
  });

  it('are refused on the sign-up page in Norwegian and in English, and the page keeps nothing', async () => {
    const form = {
      name: OVERRIDE,
      email: 'ola@example.no',
      identityNumber: '01017012343',
      password: 'et langt og godt passord',
    };
    const nb = new HttpSession(base);
    await nb.get('/registrer');
    const refused = await nb.post('/registrer', form);
    expect(refused.res.status).toBe(400);
    expect(visibleText(refused.body)).toContain(
      'Navnet kan ikke inneholde kontrolltegn (som linjeskift eller tabulator) eller tegn som snur skriveretningen.',
    );
    const en = new HttpSession(base);
    await en.get('/sprak/en');
    await en.get('/registrer');
    const refusedEn = await en.post('/registrer', form);
    expect(refusedEn.res.status).toBe(400);
    expect(visibleText(refusedEn.body)).toContain(
      'A name cannot contain control characters (such as line breaks or tabs) or characters that change the writing direction.',
    );
    expect(await t.app.services.customers.findIdByEmail('ola@example.no')).toBeUndefined();
  });
});
