import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226): HMAC-SHA-1, 30-second steps,
 * six digits, the parameters every authenticator app reads from an otpauth:// URI without
 * asking. Pure: the caller owns the clock and remembers the last step used.
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps either side of now that still count, for clocks a little apart (RFC 6238 § 5.2). */
export const TOTP_WINDOW = 1;
/** 160 bits: the HMAC-SHA-1 block-friendly length RFC 4226 recommends. */
export const TOTP_SECRET_BYTES = 20;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding, as authenticator apps expect it in a URI. */
export const base32Encode = (bytes: Uint8Array): string => {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
};

/** Reads base32 as people type it: any case, spaces and padding ignored; undefined if not base32. */
export const base32Decode = (text: string): Uint8Array | undefined => {
  const clean = text.replace(/[\s=-]/g, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return undefined;
    value = ((value << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return new Uint8Array(out);
};

/** The secret in groups of four, easier to type into an app by hand. */
export const groupedBase32 = (secret: Uint8Array): string =>
  base32Encode(secret).replace(/(.{4})(?=.)/g, '$1 ');

export const newTotpSecret = (): Uint8Array => new Uint8Array(randomBytes(TOTP_SECRET_BYTES));

/** RFC 4226: HMAC of the counter as 8 bytes, dynamic truncation, the last `digits` decimal digits. */
export const hotp = (secret: Uint8Array, counter: number, digits = TOTP_DIGITS): string => {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(message).digest();
  const offset = (mac[mac.length - 1] as number) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
};

/** The time step a moment falls in. */
export const totpStep = (at: Date): number => Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);

export const totp = (secret: Uint8Array, at: Date, digits = TOTP_DIGITS): string =>
  hotp(secret, totpStep(at), digits);

/**
 * The step a code belongs to, within ±TOTP_WINDOW steps of `at`, or undefined. Every
 * candidate is compared in constant time and all are tried, so the time taken does not say
 * which step matched. Replay protection is the caller's: it must refuse a step at or
 * before the last one it accepted.
 */
export const matchTotp = (secret: Uint8Array, code: string, at: Date): number | undefined => {
  const typed = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(typed)) return undefined;
  const now = totpStep(at);
  let found: number | undefined;
  for (let step = now - TOTP_WINDOW; step <= now + TOTP_WINDOW; step++) {
    // The latest step wins: a code that happens to repeat in the window is then spent for all of it.
    if (timingSafeEqual(Buffer.from(hotp(secret, step)), Buffer.from(typed))) found = step;
  }
  return found;
};

/**
 * The enrolment URI of the Key URI format authenticator apps read. The label names the
 * service and the staff user name, which the app shows next to the codes.
 */
export const otpauthUri = (secret: Uint8Array, issuer: string, account: string): string => {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = new URLSearchParams({
    secret: base32Encode(secret),
    issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_PERIOD_SECONDS),
  });
  return `otpauth://totp/${label}?${query.toString()}`;
};
