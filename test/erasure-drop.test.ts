import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { Keyring } from '../src/platform/crypto/keyring.ts';
import { startTestApp, type TestApp } from './app.ts';
import { identityNumber } from './identity-numbers.ts';
import { describeStores } from './stores.ts';

/**
 * Without an SMTP server or an SMS gateway, messages are written into DATA_DIR/mail and
 * DATA_DIR/sms with the address in them. Erasure removes the person's files (found by
 * the subject's random id in the file name, never an address), and the sweeper removes
 * what a crash between the erasure's commit and the removal left, with the live key.
 */
describeStores('the file drop at erasure', (kind) => {
  let t: TestApp;
  let next = 300;

  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t?.close());
  afterEach(() => vi.restoreAllMocks());

  const files = (channel: 'mail' | 'sms') => {
    const dir = path.join(t.dataDir, channel);
    return fs.existsSync(dir)
      ? fs.readdirSync(dir).map((name) => ({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') }))
      : [];
  };
  const mentioning = (value: string) =>
    [...files('mail'), ...files('sms')].filter((f) => f.text.includes(value) || f.name.includes(value));

  /** A customer who was sent a code by e-mail and one by SMS, both delivered into the drop. */
  const person = async (name: string, phone: string) => {
    const { customers, requests, notifications } = t.app.services;
    const email = `${name.toLowerCase()}@example.no`;
    const id = await customers.signUp({
      name: `${name} Testesen`,
      email,
      phone,
      identityNumber: identityNumber(next),
      password: 'et langt og godt passord',
    });
    next += 7;
    const long = new Date(t.clock.now().getTime() - 3_600_000);
    await requests.submit(id, 'access', {}, { channel: 'web', authenticatedAt: long });
    await requests.submit(
      id,
      'portability',
      {},
      { channel: 'web', authenticatedAt: long, codeChannel: 'sms' },
    );
    await notifications.deliverDue();
    expect(mentioning(email).length).toBeGreaterThan(0);
    expect(mentioning(phone).length).toBeGreaterThan(0);
    return { id, email, phone };
  };

  it('removes the erased person’s messages from the drop and leaves everyone else’s', async () => {
    const { requests } = t.app.services;
    const gone = await person('Frida', '41111111');
    const stays = await person('Geir', '42222222');
    for (const f of [...files('mail'), ...files('sms')]) {
      expect(f.name).not.toMatch(/@|4111|4222/);
    }
    const { request } = await requests.submit(
      gone.id,
      'erasure',
      {},
      { channel: 'web', authenticatedAt: t.clock.now() },
    );
    expect(request.state).toBe('completed');
    expect(mentioning(gone.email)).toEqual([]);
    expect(mentioning(gone.phone)).toEqual([]);
    expect(mentioning(stays.email).length).toBeGreaterThan(0);
    expect(mentioning(stays.phone).length).toBeGreaterThan(0);
  });

  it('lets the sweeper finish an erasure a crash cut off after its commit: the key and the drop’s copies go', async () => {
    const { erasure, retention, customers } = t.app.services;
    const p = await person('Hanne', '43333333');
    // The first key destruction fails as a process killed right after the commit would.
    vi.spyOn(Keyring.prototype, 'destroy').mockRejectedValueOnce(new Error('killed after the commit'));
    await expect(erasure.erase(p.id)).rejects.toThrow('killed after the commit');
    vi.restoreAllMocks();
    expect(await customers.status(p.id)).toBe('erased');
    const live = () =>
      t.app.store.keys
        .selectFrom('subject_keys')
        .select('purpose')
        .where('subject_id', '=', p.id)
        .where('destroyed_at', 'is', null)
        .execute();
    expect((await live()).map((k) => k.purpose)).toContain('general');
    expect(mentioning(p.email).length).toBeGreaterThan(0);
    const swept = await retention.run();
    expect(swept.keysDestroyed).toBeGreaterThanOrEqual(1);
    expect(swept.copiesForgotten).toBeGreaterThan(0);
    expect(await live()).toEqual([]);
    expect(mentioning(p.email)).toEqual([]);
    expect(mentioning(p.phone)).toEqual([]);
    expect((await retention.run()).copiesForgotten).toBe(0);
    expect((await t.app.services.audit.verify()).ok).toBe(true);
  });
});
