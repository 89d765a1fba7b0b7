import type { Db } from '../../platform/db/database.ts';
import type { PolicyDocument } from './policy.ts';

export interface PolicyVersion {
  readonly version: number;
  readonly fingerprint: string;
  readonly material: boolean;
  readonly changes: unknown;
  readonly snapshot: PolicyDocument;
  readonly publishedAt: Date;
}

export class PolicyRepository {
  constructor(private readonly db: Db) {}

  with(tx: Db): PolicyRepository {
    return new PolicyRepository(tx);
  }

  async latest(): Promise<PolicyVersion | undefined> {
    const r = await this.db
      .selectFrom('policy_versions')
      .selectAll()
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r
      ? {
          version: r.version,
          fingerprint: r.fingerprint,
          material: r.material,
          changes: r.changes,
          snapshot: r.snapshot as PolicyDocument,
          publishedAt: r.published_at,
        }
      : undefined;
  }

  /** False when another process published the same version first. */
  async insert(v: Omit<PolicyVersion, 'snapshot'> & { snapshot: PolicyDocument }): Promise<boolean> {
    const r = await this.db
      .insertInto('policy_versions')
      .values({
        version: v.version,
        fingerprint: v.fingerprint,
        material: v.material,
        changes: JSON.stringify(v.changes),
        snapshot: JSON.stringify(v.snapshot),
        published_at: v.publishedAt,
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async history(): Promise<{ version: number; material: boolean; changes: unknown; publishedAt: Date }[]> {
    const rows = await this.db
      .selectFrom('policy_versions')
      .select(['version', 'material', 'changes', 'published_at'])
      .orderBy('version', 'desc')
      .execute();
    return rows.map((r) => ({
      version: r.version,
      material: r.material,
      changes: r.changes,
      publishedAt: r.published_at,
    }));
  }
}
