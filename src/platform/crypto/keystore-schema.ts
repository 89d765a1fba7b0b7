import type { ColumnType } from 'kysely';
import type { Migration } from '../db/migrator.ts';

/**
 * The key store: wrapped data keys, kept in a database of their own. Nothing in it is
 * personal data by itself (a random subject id and key material), but whoever has it and
 * the master key can open the data, and destroying a row here is what erasure relies on.
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface KeyStoreSchema {
  schema_migrations: { name: string; applied_at: Timestamp };
  platform_keys: { name: string; wrapped_key: Uint8Array; kek_id: string; created_at: Timestamp };
  subject_keys: {
    subject_id: string;
    purpose: 'general' | 'bookkeeping';
    wrapped_key: Uint8Array | null;
    kek_id: string | null;
    created_at: Timestamp;
    destroyed_at: Timestamp | null;
  };
}

export const keystoreMigrations: readonly Migration[] = [
  {
    name: 'keys-0001-initial',
    statements: [
      `create table platform_keys (
        name text primary key,
        wrapped_key bytea not null,
        kek_id text not null,
        created_at timestamptz not null default now()
      )`,
      `create table subject_keys (
        subject_id uuid not null,
        purpose text not null check (purpose in ('general', 'bookkeeping')),
        wrapped_key bytea,
        kek_id text,
        created_at timestamptz not null,
        destroyed_at timestamptz,
        primary key (subject_id, purpose),
        check ((wrapped_key is null) = (destroyed_at is not null))
      )`,
      'create index subject_keys_kek on subject_keys (kek_id) where wrapped_key is not null',
    ],
  },
];
