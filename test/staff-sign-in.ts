import { expect } from 'vitest';
import { base32Decode, totp, totpStep } from '../src/modules/auth/totp.ts';
import type { TestApp } from './app.ts';
import type { HttpSession } from './http.ts';

/**
 * Signs a staff member in over HTTP the way a person does: the password, then the second
 * factor. It plays the authenticator app: it reads the otpauth:// URI off the enrolment
 * page the first time, as an app scans the QR code, and computes each code at the app's
 * clock. A code works once, so when the clock has not moved past the last code used it
 * waits for the next one by moving the test clock on, as a person would wait.
 */
const authenticators = new WeakMap<TestApp, Map<string, { secret: Uint8Array; lastStep: number }>>();

/** The URI as the enrolment page shows it (HTML-escaped), or undefined on the plain code page. */
export const enrolmentUri = (html: string): string | undefined => {
  const m = /data-otpauth-uri[^>]*>([^<]+)</.exec(html);
  return m?.[1]?.replace(/&amp;/g, '&');
};

export const signInStaffOverHttp = async (
  http: HttpSession,
  t: TestApp,
  user: { readonly username: string; readonly password: string },
): Promise<void> => {
  await http.get('/ansatt/logg-inn');
  const password = await http.post('/ansatt/logg-inn', { username: user.username, password: user.password });
  expect(password.res.headers.get('location')).toBe('/ansatt/logg-inn/kode');
  const page = await http.get('/ansatt/logg-inn/kode');
  const apps = authenticators.get(t) ?? new Map<string, { secret: Uint8Array; lastStep: number }>();
  authenticators.set(t, apps);
  const uri = enrolmentUri(page.body);
  if (uri) {
    const secret = base32Decode(new URL(uri).searchParams.get('secret') ?? '');
    if (!secret) throw new Error('The enrolment page shows no key.');
    apps.set(user.username, { secret, lastStep: -1 });
  }
  const app = apps.get(user.username);
  if (!app) throw new Error(`${user.username} is asked for a code, but no key was ever shown.`);
  if (totpStep(t.clock.now()) <= app.lastStep) t.clock.set(new Date((app.lastStep + 1) * 30_000));
  app.lastStep = totpStep(t.clock.now());
  const done = await http.post('/ansatt/logg-inn/kode', { code: totp(app.secret, t.clock.now()) });
  expect(done.res.status).toBe(303);
  expect(http.cookie('staff_token')).toBeDefined();
};
