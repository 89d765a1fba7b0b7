import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { AppError } from '../errors.ts';

/**
 * Envelope encryption with AES-256-GCM. A sealed value is
 * `version (1) | nonce (12) | tag (16) | ciphertext`, and its associated data names where
 * it belongs (table, column, data subject), so a ciphertext copied into another row or
 * column fails to open instead of showing someone else's data.
 */
const VERSION = 1;
const NONCE = 12;
const TAG = 16;
export const KEY_BYTES = 32;

export const newKey = (): Uint8Array => new Uint8Array(randomBytes(KEY_BYTES));

export const seal = (key: Uint8Array, plaintext: Uint8Array, aad: string): Uint8Array => {
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const out = new Uint8Array(1 + NONCE + TAG + body.length);
  out[0] = VERSION;
  out.set(nonce, 1);
  out.set(cipher.getAuthTag(), 1 + NONCE);
  out.set(body, 1 + NONCE + TAG);
  return out;
};

export const open = (key: Uint8Array, sealed: Uint8Array, aad: string): Uint8Array => {
  if (sealed.length < 1 + NONCE + TAG || sealed[0] !== VERSION) {
    throw new AppError('crypto_failure', 'Encrypted value has an unknown format.');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 1 + NONCE));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(sealed.subarray(1 + NONCE, 1 + NONCE + TAG));
    return new Uint8Array(
      Buffer.concat([decipher.update(sealed.subarray(1 + NONCE + TAG)), decipher.final()]),
    );
  } catch (e) {
    throw new AppError('crypto_failure', 'Encrypted value could not be opened with this key.', [], {
      cause: e,
    });
  }
};

export const sealText = (key: Uint8Array, text: string, aad: string): Uint8Array =>
  seal(key, Buffer.from(text, 'utf8'), aad);

export const openText = (key: Uint8Array, sealed: Uint8Array, aad: string): string =>
  Buffer.from(open(key, sealed, aad)).toString('utf8');

/** A keyed hash for exact look-ups (blind index): equal inputs match, the value itself is not stored. */
export const blindIndex = (key: Uint8Array, domain: string, normalised: string): Uint8Array =>
  new Uint8Array(createHmac('sha256', key).update(`${domain}\u0000${normalised}`).digest());

/** A short, stable name for a key, to tell which master key wrapped a data key without revealing it. */
export const keyFingerprint = (key: Uint8Array): string =>
  createHash('sha256').update('elvakt-key-id').update(key).digest('hex').slice(0, 16);
