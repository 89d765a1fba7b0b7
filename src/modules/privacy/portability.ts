import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  verify,
} from 'node:crypto';
import { canonicalJson } from '../../platform/canonical-json.ts';

/**
 * Data portability (Art. 20): what the person gave us and what we observed (contact
 * details, consents, metering points, consumption, invoices), in one machine-readable
 * JSON document, signed with Elvakt's Ed25519 key so the receiving controller can check it
 * came from us unchanged. The public key is published at /.well-known/elvakt-signing-key.json.
 * Version 2 signs the SHA-512 hash of the canonical body rather than the body itself, so the
 * package can be written as it is read (export-formats.ts) without ever being held whole.
 */
export const PACKAGE_FORMAT = 'elvakt-portability/2';
export const SIGNING_KEY_NAME = 'portability-signing';

/** Derived data (our calculations) is not the person's to carry; these tables are. */
/** In the order canonical JSON sorts them, which is the order they are written in. */
export const PORTABLE_TABLES = [
  'consumption_series',
  'customers',
  'invoices',
  'metering_points',
  'permission_events',
] as const;

export interface PortabilityPackage {
  readonly format: string;
  readonly issuer: { readonly name: string; readonly contact: string };
  readonly issuedAt: string;
  readonly subjectId: string;
  readonly data: Record<string, Record<string, unknown>[]>;
  readonly signature: {
    readonly alg: 'Ed25519';
    /** Version 2: what was signed is this hash of the canonical body. */
    readonly digest?: 'SHA-512';
    readonly keyId: string;
    readonly value: string;
  };
}

export const newSigningKey = (): Uint8Array =>
  new Uint8Array(generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }));

export const publicKeyOf = (privateDer: Uint8Array): KeyObject =>
  createPublicKey(createPrivateKey({ key: Buffer.from(privateDer), format: 'der', type: 'pkcs8' }));

export const keyIdOf = (publicKey: KeyObject): string =>
  (publicKey.export({ format: 'jwk' }).x ?? '').slice(0, 16);

/** True when the package is exactly what the holder of `publicKey` signed. */
export const verifyPackage = (pkg: PortabilityPackage, publicKey: KeyObject): boolean => {
  const { signature, ...body } = pkg;
  if (signature?.alg !== 'Ed25519' || typeof signature.value !== 'string') return false;
  const canonical = Buffer.from(canonicalJson(body));
  const signed =
    body.format === 'elvakt-portability/1'
      ? canonical
      : body.format === PACKAGE_FORMAT && signature.digest === 'SHA-512'
        ? createHash('sha512').update(canonical).digest()
        : undefined;
  if (!signed) return false;
  return verify(null, signed, publicKey, Buffer.from(signature.value, 'base64url'));
};
