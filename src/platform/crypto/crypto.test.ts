import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blindIndex, newKey, open, openText, seal, sealText } from './envelope.ts';
import { FieldCipher } from './keyring.ts';
import { loadMasterKey } from './master-key.ts';

describe('envelope encryption', () => {
  it('opens what it sealed, with the same key and associated data', () => {
    const key = newKey();
    const sealed = sealText(key, 'Kari Nordmann', 'customers.name_enc:abc');
    expect(openText(key, sealed, 'customers.name_enc:abc')).toBe('Kari Nordmann');
    expect(Buffer.from(sealed).toString('latin1')).not.toContain('Kari');
  });

  it('uses a fresh nonce each time', () => {
    const key = newKey();
    expect(Buffer.from(sealText(key, 'x', 'a'))).not.toEqual(Buffer.from(sealText(key, 'x', 'a')));
  });

  it('refuses another key, another place, and any changed byte', () => {
    const key = newKey();
    const sealed = seal(key, new Uint8Array([1, 2, 3]), 'customers.email_enc:s1');
    expect(() => open(newKey(), sealed, 'customers.email_enc:s1')).toThrow(/could not be opened/);
    expect(() => open(key, sealed, 'customers.email_enc:s2')).toThrow(/could not be opened/);
    expect(() => open(key, sealed, 'customers.name_enc:s1')).toThrow(/could not be opened/);
    const tampered = Uint8Array.from(sealed);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    expect(() => open(key, tampered, 'customers.email_enc:s1')).toThrow(/could not be opened/);
    expect(() => open(key, sealed.subarray(0, 10), 'customers.email_enc:s1')).toThrow(/unknown format/);
  });

  it('gives equal blind indexes for equal values only, per key and domain', () => {
    const key = newKey();
    const a = blindIndex(key, 'customers.fnr', '14028512334');
    expect(blindIndex(key, 'customers.fnr', '14028512334')).toEqual(a);
    expect(blindIndex(key, 'customers.fnr', '14028512335')).not.toEqual(a);
    expect(blindIndex(key, 'customers.email', '14028512334')).not.toEqual(a);
    expect(blindIndex(newKey(), 'customers.fnr', '14028512334')).not.toEqual(a);
  });

  it('compresses invoice documents before sealing them, and opens them only in their place', () => {
    const cipher = new FieldCipher(newKey(), 'subject-1');
    const xml = `<Invoice>${'<cac:InvoiceLine><cbc:ID>1</cbc:ID></cac:InvoiceLine>'.repeat(200)}Ærlig</Invoice>`;
    const sealed = cipher.sealDeflated('invoices.document_enc/7', xml);
    expect(sealed.byteLength).toBeLessThan(xml.length / 5);
    expect(cipher.openDeflated('invoices.document_enc/7', sealed)).toBe(xml);
    expect(() => cipher.openDeflated('invoices.document_enc/8', sealed)).toThrow(/could not be opened/);
    expect(() =>
      new FieldCipher(newKey(), 'subject-1').openDeflated('invoices.document_enc/7', sealed),
    ).toThrow(/could not be opened/);
  });
});

describe('the master key', () => {
  it('is created once with mode 0600 and read back the same', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elvakt-key-'));
    try {
      const first = loadMasterKey(undefined, dir);
      const file = path.join(dir, 'master.key');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(loadMasterKey(undefined, dir)).toEqual(first);
      expect(first).toHaveLength(32);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a key file others can read', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elvakt-key-'));
    try {
      loadMasterKey(undefined, dir);
      fs.chmodSync(path.join(dir, 'master.key'), 0o644);
      expect(() => loadMasterKey(undefined, dir)).toThrow(/chmod 600/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prefers the key from the environment', () => {
    const key = newKey();
    expect(loadMasterKey(key, '/nonexistent-never-created')).toBe(key);
  });
});
