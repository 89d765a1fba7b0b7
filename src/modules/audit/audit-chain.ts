import { createHash } from 'node:crypto';
import { canonicalJson } from '../../platform/canonical-json.ts';

/**
 * The audit log is a hash chain: each row's hash covers its own fields and the previous
 * row's hash, so editing or removing any row breaks every hash after it. Pure functions
 * here; the repository stores rows and the verifier walks them.
 */
export interface AuditEntry {
  readonly occurredAt: Date;
  /** 'customer', 'staff:<id>', 'system', 'cli' — never a name or an e-mail address. */
  readonly actor: string;
  readonly action: string;
  readonly subjectId: string | null;
  readonly purpose: string | null;
  /** Identifiers and counts only; never personal values. */
  readonly details: Record<string, unknown>;
}

export interface AuditRow extends AuditEntry {
  readonly id: number;
  readonly prevHash: Uint8Array;
  readonly hash: Uint8Array;
}

export const GENESIS_HASH = new Uint8Array(32);

export const hashAuditRow = (id: number, entry: AuditEntry, prevHash: Uint8Array): Uint8Array =>
  new Uint8Array(
    createHash('sha256')
      .update(prevHash)
      .update(
        canonicalJson([
          id,
          entry.occurredAt.toISOString(),
          entry.actor,
          entry.action,
          entry.subjectId,
          entry.purpose,
          entry.details,
        ]),
      )
      .digest(),
  );

const equalBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((byte, i) => byte === b[i]);

export type ChainVerdict =
  | { readonly ok: true; readonly rows: number }
  | { readonly ok: false; readonly rows: number; readonly firstBadId: number; readonly reason: string };

/**
 * Checks rows in id order. `expected` carries the state across batches so a long log can
 * be verified in pieces.
 */
export class ChainVerifier {
  private prevHash: Uint8Array;
  private prevId: number;
  private count = 0;
  private failure: ChainVerdict | undefined;

  /** Starts after the rows the retention sweeper removed, from the hash of the last of them. */
  constructor(base: { id: number; hash: Uint8Array | null } = { id: 0, hash: null }) {
    this.prevId = base.id;
    this.prevHash = base.hash ?? GENESIS_HASH;
  }

  add(row: AuditRow): boolean {
    if (this.failure) return false;
    this.count++;
    const fail = (reason: string, firstBadId = row.id): boolean => {
      this.failure = { ok: false, rows: this.count, firstBadId, reason };
      return false;
    };
    if (row.id !== this.prevId + 1) return fail(`row ${this.prevId + 1} is missing`, this.prevId + 1);
    if (!equalBytes(row.prevHash, this.prevHash)) return fail('the link to the previous row is broken');
    if (!equalBytes(hashAuditRow(row.id, row, row.prevHash), row.hash)) return fail('the row was changed');
    this.prevHash = row.hash;
    this.prevId = row.id;
    return true;
  }

  /** `head` is the last id and hash the log says it has, which catches rows removed from the end. */
  finish(head: { lastId: number; hash: Uint8Array } | undefined): ChainVerdict {
    if (this.failure) return this.failure;
    const lastId = head?.lastId ?? 0;
    if (lastId !== this.prevId || !equalBytes(head?.hash ?? GENESIS_HASH, this.prevHash)) {
      return {
        ok: false,
        rows: this.count,
        firstBadId: this.prevId + 1,
        reason: 'rows at the end were removed',
      };
    }
    return { ok: true, rows: this.count };
  }
}
