import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrations } from '../src/migrations/index.ts';
import { type KeyStoreSchema, keystoreMigrations } from '../src/platform/crypto/keystore-schema.ts';
import { snapshotPglite } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';

/**
 * Creating a PGlite database takes seconds; loading a snapshot of a migrated one takes
 * about one. The snapshot is made once per run and every store test starts from a copy.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elvakt-test-'));
  const file = path.join(dir, 'pglite-migrated.tar');
  const blob = await snapshotPglite(async (db) => {
    await migrate(db, migrations);
  });
  fs.writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
  project.provide('pgliteSnapshot', file);
  const keysFile = path.join(dir, 'pglite-keystore.tar');
  const keysBlob = await snapshotPglite<KeyStoreSchema>(async (db) => {
    await migrate(db, keystoreMigrations);
  });
  fs.writeFileSync(keysFile, Buffer.from(await keysBlob.arrayBuffer()));
  project.provide('pgliteKeySnapshot', keysFile);
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? '';
  project.provide('postgresUrl', url);
  if (!url) {
    console.warn(
      '\n[elvakt] PostgreSQL store tests are SKIPPED: set DATABASE_URL (or TEST_DATABASE_URL), e.g. postgres://postgres@127.0.0.1:5432/test, to run them on PostgreSQL as well as PGlite.\n',
    );
  }
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    pgliteKeySnapshot: string;
    postgresUrl: string;
  }
}
