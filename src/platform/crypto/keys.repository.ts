import type { KeyDb } from '../db/database.ts';

export type KeyPurpose = 'general' | 'bookkeeping';

export interface StoredSubjectKey {
  readonly wrappedKey: Uint8Array | null;
  readonly kekId: string | null;
  readonly destroyedAt: Date | null;
}

/** SQL for the key store and nothing else. It runs outside the data's transactions. */
export class KeysRepository {
  constructor(private readonly db: KeyDb) {}

  async findPlatformKey(name: string): Promise<{ wrappedKey: Uint8Array; kekId: string } | undefined> {
    const row = await this.db
      .selectFrom('platform_keys')
      .select(['wrapped_key', 'kek_id'])
      .where('name', '=', name)
      .executeTakeFirst();
    return row ? { wrappedKey: row.wrapped_key, kekId: row.kek_id } : undefined;
  }

  /** Inserts unless another process won the race; the caller reads back whichever key stands. */
  async insertPlatformKeyIfAbsent(name: string, wrappedKey: Uint8Array, kekId: string): Promise<void> {
    await this.db
      .insertInto('platform_keys')
      .values({ name, wrapped_key: wrappedKey, kek_id: kekId, created_at: new Date() })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  }

  async findSubjectKey(subjectId: string, purpose: KeyPurpose): Promise<StoredSubjectKey | undefined> {
    const row = await this.db
      .selectFrom('subject_keys')
      .select(['wrapped_key', 'kek_id', 'destroyed_at'])
      .where('subject_id', '=', subjectId)
      .where('purpose', '=', purpose)
      .executeTakeFirst();
    return row
      ? { wrappedKey: row.wrapped_key, kekId: row.kek_id, destroyedAt: row.destroyed_at }
      : undefined;
  }

  async insertSubjectKeyIfAbsent(
    subjectId: string,
    purpose: KeyPurpose,
    wrappedKey: Uint8Array,
    kekId: string,
    at: Date,
  ): Promise<void> {
    await this.db
      .insertInto('subject_keys')
      .values({ subject_id: subjectId, purpose, wrapped_key: wrappedKey, kek_id: kekId, created_at: at })
      .onConflict((oc) => oc.columns(['subject_id', 'purpose']).doNothing())
      .execute();
  }

  /** Crypto-shredding: the wrapped key is overwritten, so no copy of the data can be opened again. */
  async destroySubjectKey(subjectId: string, purpose: KeyPurpose, at: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('subject_keys')
      .set({ wrapped_key: null, kek_id: null, destroyed_at: at })
      .where('subject_id', '=', subjectId)
      .where('purpose', '=', purpose)
      .where('destroyed_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Subjects with a live key created before `createdBefore`, in id order, after `afterId`. */
  async liveSubjects(afterId: string | null, limit: number, createdBefore: Date): Promise<string[]> {
    let q = this.db
      .selectFrom('subject_keys')
      .select('subject_id')
      .distinct()
      .where('wrapped_key', 'is not', null)
      .where('created_at', '<', createdBefore);
    if (afterId) q = q.where('subject_id', '>', afterId);
    const rows = await q.orderBy('subject_id').limit(limit).execute();
    return rows.map((r) => r.subject_id);
  }

  async platformKeysNotUnder(
    kekId: string,
  ): Promise<{ name: string; wrappedKey: Uint8Array; kekId: string }[]> {
    const rows = await this.db
      .selectFrom('platform_keys')
      .select(['name', 'wrapped_key', 'kek_id'])
      .where('kek_id', '<>', kekId)
      .execute();
    return rows.map((r) => ({ name: r.name, wrappedKey: r.wrapped_key, kekId: r.kek_id }));
  }

  /** Replaces a wrapped key only if it is still the one that was read (another rotator may have been first). */
  async rewrapPlatformKey(
    name: string,
    fromKek: string,
    wrapped: Uint8Array,
    toKek: string,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('platform_keys')
      .set({ wrapped_key: wrapped, kek_id: toKek })
      .where('name', '=', name)
      .where('kek_id', '=', fromKek)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async subjectKeysNotUnder(
    kekId: string,
    limit: number,
  ): Promise<{ subjectId: string; purpose: KeyPurpose; wrappedKey: Uint8Array; kekId: string }[]> {
    const rows = await this.db
      .selectFrom('subject_keys')
      .select(['subject_id', 'purpose', 'wrapped_key', 'kek_id'])
      .where('wrapped_key', 'is not', null)
      .where('kek_id', '<>', kekId)
      .orderBy('subject_id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      subjectId: r.subject_id,
      purpose: r.purpose,
      wrappedKey: r.wrapped_key as Uint8Array,
      kekId: r.kek_id as string,
    }));
  }

  async rewrapSubjectKey(
    subjectId: string,
    purpose: KeyPurpose,
    fromKek: string,
    wrapped: Uint8Array,
    toKek: string,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('subject_keys')
      .set({ wrapped_key: wrapped, kek_id: toKek })
      .where('subject_id', '=', subjectId)
      .where('purpose', '=', purpose)
      .where('kek_id', '=', fromKek)
      .where('wrapped_key', 'is not', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
