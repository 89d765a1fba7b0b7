import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { AppError } from '../errors.ts';
import { blindIndex, keyFingerprint, newKey, open, openText, seal, sealText } from './envelope.ts';
import type { KeyPurpose, KeysRepository } from './keys.repository.ts';

export type { KeyPurpose };

const BLIND_INDEX_KEY = 'blind-index';

/**
 * Data keys per data subject, wrapped by the master key. `general` holds everything that
 * goes at erasure; `bookkeeping` holds what the bookkeeping law makes us keep longer, and
 * is destroyed when the last of those records expires.
 */
export class Keyring {
  private readonly kekId: string;
  private readonly platformKeys = new Map<string, Uint8Array>();
  /** Other master keys (during a rotation), by fingerprint: read with, never written with. */
  private readonly oldKeks = new Map<string, Uint8Array>();

  constructor(
    private readonly masterKey: Uint8Array,
    private readonly keys: KeysRepository,
    readableMasterKeys: readonly Uint8Array[] = [],
  ) {
    this.kekId = keyFingerprint(masterKey);
    for (const k of readableMasterKeys)
      if (keyFingerprint(k) !== this.kekId) this.oldKeks.set(keyFingerprint(k), k);
  }

  get masterKeyId(): string {
    return this.kekId;
  }

  private kekFor(kekId: string | null): Uint8Array {
    if (kekId === this.kekId) return this.masterKey;
    const old = kekId ? this.oldKeks.get(kekId) : undefined;
    if (old) return old;
    throw new AppError(
      'crypto_failure',
      'A data key was wrapped by another master key than the one configured: check ELVAKT_MASTER_KEY (and ELVAKT_OLD_MASTER_KEY during a rotation).',
    );
  }

  private unwrap(wrapped: Uint8Array, kekId: string | null, aad: string): Uint8Array {
    return open(this.kekFor(kekId), wrapped, aad);
  }

  /**
   * Master key rotation: every wrapped key made under an older master key is unwrapped and
   * wrapped again under the current one. The data itself is not touched: it is encrypted
   * under the data keys, which stay the same. Batches are independent, so a stopped
   * rotation resumes where it stopped. Returns how many keys were re-wrapped.
   */
  async rewrapAll(batch = 500, onBatch?: (n: number) => void): Promise<number> {
    let total = 0;
    for (const p of await this.keys.platformKeysNotUnder(this.kekId)) {
      const aad = `platform-key:${p.name}`;
      const plain = this.unwrap(p.wrappedKey, p.kekId, aad);
      if (await this.keys.rewrapPlatformKey(p.name, p.kekId, seal(this.masterKey, plain, aad), this.kekId))
        total++;
    }
    for (;;) {
      const rows = await this.keys.subjectKeysNotUnder(this.kekId, batch);
      let done = 0;
      for (const r of rows) {
        const aad = `subject-key:${r.subjectId}:${r.purpose}`;
        const plain = this.unwrap(r.wrappedKey, r.kekId, aad);
        if (
          await this.keys.rewrapSubjectKey(
            r.subjectId,
            r.purpose,
            r.kekId,
            seal(this.masterKey, plain, aad),
            this.kekId,
          )
        ) {
          done++;
        }
      }
      total += done;
      onBatch?.(done);
      if (rows.length > 0 && done === 0) {
        throw new AppError(
          'crypto_failure',
          'Keys could not be re-wrapped; another rotation may be running.',
        );
      }
      if (rows.length < batch) return total;
    }
  }

  /**
   * A key of the platform (not of a person), made on first use by `generate`, kept wrapped
   * in the key store and cached unwrapped in this process.
   */
  async platformKey(name: string, generate: () => Uint8Array = newKey): Promise<Uint8Array> {
    const cached = this.platformKeys.get(name);
    if (cached) return cached;
    const aad = `platform-key:${name}`;
    let stored = await this.keys.findPlatformKey(name);
    if (!stored) {
      await this.keys.insertPlatformKeyIfAbsent(name, seal(this.masterKey, generate(), aad), this.kekId);
      stored = await this.keys.findPlatformKey(name);
    }
    if (!stored) throw new AppError('internal', `Platform key ${name} could not be created.`);
    const key = this.unwrap(stored.wrappedKey, stored.kekId, aad);
    this.platformKeys.set(name, key);
    return key;
  }

  blindIndexKey(): Promise<Uint8Array> {
    return this.platformKey(BLIND_INDEX_KEY);
  }

  async index(domain: string, normalised: string): Promise<Uint8Array> {
    return blindIndex(await this.blindIndexKey(), domain, normalised);
  }

  /**
   * The subject's key. Writers create it on first use; readers never do, so reading
   * (an export, a page) leaves no trace. Throws once the key has been destroyed.
   */
  async subjectKey(subjectId: string, purpose: KeyPurpose, now: Date, create: boolean): Promise<Uint8Array> {
    const aad = `subject-key:${subjectId}:${purpose}`;
    let stored = await this.keys.findSubjectKey(subjectId, purpose);
    if (!stored && create) {
      await this.keys.insertSubjectKeyIfAbsent(
        subjectId,
        purpose,
        seal(this.masterKey, newKey(), aad),
        this.kekId,
        now,
      );
      stored = await this.keys.findSubjectKey(subjectId, purpose);
    }
    if (!stored) throw new AppError('crypto_failure', 'This subject has no data key for this purpose.');
    if (!stored.wrappedKey)
      throw new AppError('crypto_failure', 'The data key of this subject has been destroyed.');
    return this.unwrap(stored.wrappedKey, stored.kekId, aad);
  }

  /** Subjects holding a live key made before `createdBefore`, for the sweeper's orphan check. */
  liveSubjects(afterId: string | null, limit: number, createdBefore: Date): Promise<string[]> {
    return this.keys.liveSubjects(afterId, limit, createdBefore);
  }

  async destroy(subjectId: string, purpose: KeyPurpose, now: Date): Promise<boolean> {
    return this.keys.destroySubjectKey(subjectId, purpose, now);
  }

  /** A cipher for reading one subject's fields; associated data ties each value to its table, column and subject. */
  async cipherFor(subjectId: string, purpose: KeyPurpose, now: Date): Promise<FieldCipher> {
    return new FieldCipher(await this.subjectKey(subjectId, purpose, now, false), subjectId);
  }

  /** A cipher for writing, creating the subject's key for this purpose if it has none yet. */
  async cipherForWriting(subjectId: string, purpose: KeyPurpose, now: Date): Promise<FieldCipher> {
    return new FieldCipher(await this.subjectKey(subjectId, purpose, now, true), subjectId);
  }
}

export class FieldCipher {
  constructor(
    private readonly key: Uint8Array,
    private readonly subjectId: string,
  ) {}

  private aad(field: string): string {
    return `${field}:${this.subjectId}`;
  }

  sealText(field: string, text: string): Uint8Array {
    return sealText(this.key, text, this.aad(field));
  }

  openText(field: string, sealed: Uint8Array): string {
    return openText(this.key, sealed, this.aad(field));
  }

  sealBytes(field: string, bytes: Uint8Array): Uint8Array {
    return seal(this.key, bytes, this.aad(field));
  }

  openBytes(field: string, sealed: Uint8Array): Uint8Array {
    return open(this.key, sealed, this.aad(field));
  }

  /**
   * Text compressed before it is sealed: invoices are kept for years and XML shrinks to a
   * fifth. Compressing before encrypting leaks the compressed length, which is harmless
   * here: nobody can make these documents include a secret and watch their size change.
   */
  sealDeflated(field: string, text: string): Uint8Array {
    return seal(this.key, deflateRawSync(Buffer.from(text, 'utf8'), { level: 1 }), this.aad(field));
  }

  openDeflated(field: string, sealed: Uint8Array): string {
    return inflateRawSync(open(this.key, sealed, this.aad(field))).toString('utf8');
  }

  sealJson(field: string, value: unknown): Uint8Array {
    return this.sealText(field, JSON.stringify(value));
  }

  openJson<T>(field: string, sealed: Uint8Array): T {
    return JSON.parse(this.openText(field, sealed)) as T;
  }
}
