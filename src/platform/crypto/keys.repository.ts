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
}
