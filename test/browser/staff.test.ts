import { expect, it } from 'vitest';
import { DEMO_LOGIN, DEMO_METERING_POINT, DEMO_PERSON } from '../../src/demo/demo-household.ts';
import { demoWithData } from '../app.ts';
import { describeBrowser, readText } from './browser.ts';
import { signInStaff } from './staff-sign-in.ts';

describeBrowser(import.meta.filename, 'the staff desk in the browser', (web) => {
  it('customer service finds the customer after stating a purpose and takes in an erasure request; the DPO completes it before its deadline', async () => {
    const { app } = web.t;
    const customerId = await demoWithData(app);

    const agent = await web.visitor();
    await signInStaff(agent, web.t, 'customer_service');
    expect(agent.path).toBe('/ansatt');
    await agent.clickLink('Kundeoppslag');
    // No purpose, no look-up: the form is not sent and nothing is logged.
    await agent.fill(/fødselsnummer eller målepunkt-ID/, DEMO_LOGIN.email);
    await agent.page.getByRole('button', { name: 'Slå opp' }).click();
    expect(agent.path).toBe('/ansatt/kunder');
    expect(
      await agent.page
        .getByLabel('Formål med oppslaget')
        .evaluate((e) => (e as HTMLInputElement).validity.valueMissing),
    ).toBe(true);
    const lookups = async () =>
      (await app.services.audit.recent(100)).filter((e) => e.action === 'customer.looked_up');
    expect(await lookups()).toEqual([]);

    const purpose = 'Kunden sendte e-post og ba om å bli slettet';
    await agent.fill('Formål med oppslaget', purpose);
    await agent.press('Slå opp');
    const card = agent.page.locator(`section[data-customer="${customerId}"]`);
    expect(await readText(card.getByRole('heading', { level: 2 }))).toBe(DEMO_PERSON.name);
    expect(await readText(card)).toContain(DEMO_METERING_POINT.meteringPointId);
    // Customer service never sees the whole identity number.
    expect(await readText(card.locator('[data-identity]'))).toBe(
      `${DEMO_PERSON.identityNumber.slice(0, 6)} *****`,
    );
    expect(await agent.mainText()).not.toContain(DEMO_PERSON.identityNumber);
    expect((await lookups()).map((e) => e.purpose)).toEqual([purpose]);

    // The request came by e-mail: the agent takes it in from the card.
    await card.getByText('Registrer en forespørsel som kom på annen måte').click();
    await card.getByLabel('Type', { exact: true }).selectOption('erasure');
    await card.getByLabel('Hvordan kom forespørselen?').selectOption('email');
    await card.getByLabel('Hva kunden ber om (med kundens ord)').fill('Slett alt om meg.');
    await agent.press('Registrer forespørselen');
    const requestId = /^\/ansatt\/foresporsel\/([0-9a-f-]{36})$/.exec(agent.path)?.[1] ?? '';
    const received = await app.services.requests.byId(requestId);
    expect([received.type, received.state, received.channel]).toEqual(['erasure', 'received', 'email']);
    // The agent confirms who asked, and says how; only the data protection officer erases.
    await agent.fill(
      'Hvordan ble identiteten bekreftet, og hvorfor denne måten?',
      'E-posten kom fra den registrerte adressen, og kunden bekreftet på telefon.',
    );
    await agent.press('Registrer at identiteten er bekreftet på annen måte');
    expect((await app.services.requests.byId(requestId)).state).toBe('verified');
    expect(await agent.mainText()).toContain('Bare personvernombudet kan gjennomføre en sletting.');
    expect(await agent.page.getByRole('button', { name: 'Gjennomfør slettingen' }).count()).toBe(0);

    // Twenty-five days later the request is due within the week; the DPO takes it.
    web.t.clock.set(new Date(web.t.clock.now().getTime() + 25 * 24 * 3600_000));
    const dpo = await web.visitor();
    await signInStaff(dpo, web.t, 'dpo');
    const row = dpo.page.locator(`tr[data-request="${requestId}"]`);
    expect(await row.getAttribute('data-deadline')).toBe('due_soon');
    expect(await readText(row)).toContain('Under en uke igjen');
    await dpo.follow(() => row.getByRole('link', { name: 'Sletting' }).click());
    const plan = await dpo.mainText();
    expect(plan).toContain('Slik blir slettingen');
    expect(plan).toMatch(/Beholdes til \d{1,2}\. \p{L}+ \d{4}/u);

    await dpo.press('Gjennomfør slettingen');
    const done = await dpo.mainText();
    expect(done).toContain('Ferdig');
    expect(done).toContain('Lukket');

    const closed = await app.services.requests.byId(requestId);
    expect(closed.state).toBe('completed');
    expect(closed.completedAt?.getTime()).toBeLessThan(closed.dueAt.getTime());
    expect(await app.services.customers.status(customerId)).toBe('erased');

    // The agent's session ended long ago; signed in again, the e-mail address finds nobody now.
    await signInStaff(agent, web.t, 'customer_service');
    await agent.clickLink('Kundeoppslag');
    await agent.fill('Formål med oppslaget', purpose);
    await agent.fill(/fødselsnummer eller målepunkt-ID/, DEMO_LOGIN.email);
    await agent.press('Slå opp');
    expect(await agent.mainText()).toContain('Ingen kunde passer.');
  });
});
