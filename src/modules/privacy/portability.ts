import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { canonicalJson } from '../../platform/canonical-json.ts';
import type { AccessExport } from './export.service.ts';

/**
 * Data portability (Art. 20): what the person gave us and what we observed (contact
 * details, consents, metering points, consumption, invoices), in one machine-readable
 * JSON document, signed with Elvakt's Ed25519 key so the receiving controller can check it
 * came from us unchanged. The public key is published at /.well-known/elvakt-signing-key.json.
 */
export const PACKAGE_FORMAT = 'elvakt-portability/1';
export const SIGNING_KEY_NAME = 'portability-signing';

/** Derived data (our calculations) is not the person's to carry; these tables are. */
const PORTABLE = [
  'customers',
  'permission_events',
  'metering_points',
  'consumption_series',
  'invoices',
] as const;

export interface PortabilityPackage {
  readonly format: string;
  readonly issuer: { readonly name: string; readonly contact: string };
  readonly issuedAt: string;
  readonly subjectId: string;
  readonly data: Record<string, Record<string, unknown>[]>;
  readonly signature: { readonly alg: 'Ed25519'; readonly keyId: string; readonly value: string };
}

export const newSigningKey = (): Uint8Array =>
  new Uint8Array(generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }));

export const publicKeyOf = (privateDer: Uint8Array): KeyObject =>
  createPublicKey(createPrivateKey({ key: Buffer.from(privateDer), format: 'der', type: 'pkcs8' }));

export const keyIdOf = (publicKey: KeyObject): string =>
  (publicKey.export({ format: 'jwk' }).x ?? '').slice(0, 16);

export const buildPackage = (e: AccessExport, privateDer: Uint8Array): PortabilityPackage => {
  const data: Record<string, Record<string, unknown>[]> = {};
  for (const table of PORTABLE) {
    const t = e.tables[table];
    if (t) data[table] = JSON.parse(JSON.stringify(t.rows));
  }
  const body = {
    format: PACKAGE_FORMAT,
    issuer: e.controller,
    issuedAt: e.generatedAt,
    subjectId: e.subjectId,
    data,
  };
  const key = createPrivateKey({ key: Buffer.from(privateDer), format: 'der', type: 'pkcs8' });
  const value = sign(null, Buffer.from(canonicalJson(body)), key).toString('base64url');
  return { ...body, signature: { alg: 'Ed25519', keyId: keyIdOf(createPublicKey(key)), value } };
};

/** True when the package is exactly what the holder of `publicKey` signed. */
export const verifyPackage = (pkg: PortabilityPackage, publicKey: KeyObject): boolean => {
  const { signature, ...body } = pkg;
  if (signature?.alg !== 'Ed25519' || typeof signature.value !== 'string') return false;
  return verify(null, Buffer.from(canonicalJson(body)), publicKey, Buffer.from(signature.value, 'base64url'));
};
