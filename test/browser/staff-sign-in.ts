import { createHmac } from 'node:crypto';
import { expect } from 'vitest';
import { DEMO_STAFF } from '../../src/demo/demo-household.ts';
import type { TestApp } from '../app.ts';
import { readText, type Visitor } from './browser.ts';

/**
 * Signs a demo staff member in on /ansatt the way a person does: the password, then
 * whatever the sign-in asks next. When it asks for a second factor, this plays the
 * authenticator app: it reads the key off the enrolment page once, as an app scans the QR
 * code, and computes each code (RFC 6238) from it at the app's clock.
 */

type StaffRole = (typeof DEMO_STAFF)[number]['roles'][number];

const authenticators = new WeakMap<TestApp, Map<string, { secret: Buffer; lastStep: number }>>();

const base32 = (text: string): Buffer => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.toUpperCase().replace(/[\s=]/g, '')) {
    const v = alphabet.indexOf(c);
    if (v < 0) throw new Error(`Not base32: ${c}`);
    bits += v.toString(2).padStart(5, '0');
  }
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((b) => Number.parseInt(b, 2)));
};

const totpAt = (secret: Buffer, step: number): string => {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', secret).update(counter).digest();
  const at = (mac[19] ?? 0) & 0x0f;
  const n = mac.readUInt32BE(at) & 0x7fffffff;
  return String(n % 1_000_000).padStart(6, '0');
};

export const demoStaff = (role: StaffRole) => {
  const member = DEMO_STAFF.find((s) => (s.roles as readonly string[]).includes(role));
  if (!member) throw new Error(`No demo staff member with the role ${role}.`);
  return member;
};

export const signInStaff = async (v: Visitor, t: TestApp, role: StaffRole): Promise<void> => {
  const member = demoStaff(role);
  const en = (await v.page.locator('html').getAttribute('lang')) === 'en';
  if (!v.path.startsWith('/ansatt/logg-inn')) await v.goto('/ansatt/logg-inn');
  await v.fill(en ? 'User name' : 'Brukernavn', member.username);
  await v.fill(en ? 'Password' : 'Passord', member.password);
  await v.press(en ? 'Sign in' : 'Logg inn');

  const codeForm = v.page.locator('form[action="/ansatt/logg-inn/kode"]');
  if ((await codeForm.count()) > 0) {
    const apps = authenticators.get(t) ?? new Map<string, { secret: Buffer; lastStep: number }>();
    authenticators.set(t, apps);
    const uri = v.page.locator('[data-otpauth-uri]');
    if ((await uri.count()) > 0) {
      const secret = new URL(await readText(uri)).searchParams.get('secret') ?? '';
      apps.set(member.username, { secret: base32(secret), lastStep: -1 });
    }
    const app = apps.get(member.username);
    if (!app) throw new Error(`The sign-in asks ${member.username} for a code, but no key was ever shown.`);
    let step = Math.floor(t.clock.now().getTime() / 30_000);
    // A code works once; like a person, wait for the next one.
    if (step <= app.lastStep) {
      t.clock.set(new Date((app.lastStep + 1) * 30_000));
      step = app.lastStep + 1;
    }
    app.lastStep = step;
    await codeForm.getByRole('textbox').fill(totpAt(app.secret, step));
    await v.follow(() => codeForm.getByRole('button').click());
  }
  expect(await v.mainText()).toContain(en ? `Signed in as ${member.name}` : `Innlogget som ${member.name}`);
};
