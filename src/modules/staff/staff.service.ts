import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import type { Clock } from '../../platform/clock.ts';
import type { Transactor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { StaffRepository, StaffRow } from './staff.repository.ts';
import { isRole, type StaffMember } from './staff.ts';

const ARGON2 = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const STAFF_SESSION_HOURS = 8;
const tokenHash = (token: string): Uint8Array => new Uint8Array(createHash('sha256').update(token).digest());

const toMember = (r: StaffRow): StaffMember => ({
  id: r.id,
  username: r.username,
  name: r.name,
  roles: r.roles.filter(isRole),
});

/** Staff accounts and sessions. Every sign-in is audited; a disabled account's sessions stop at once. */
export class StaffService {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly tx: Transactor,
    private readonly repo: StaffRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(
    s: { username: string; name: string; roles: string[]; password: string },
    actor = 'cli',
  ): Promise<string> {
    const problems = [
      ...(/^[a-z][a-z0-9._-]{1,39}$/.test(s.username)
        ? []
        : [{ at: 'username', message: 'a-z, 0-9, . _ -' }]),
      ...(s.name.trim().length >= 2 ? [] : [{ at: 'name', message: 'required' }]),
      ...(s.roles.length > 0 && s.roles.every(isRole)
        ? []
        : [{ at: 'roles', message: 'customer_service, dpo or admin' }]),
      ...(s.password.length >= 12 ? [] : [{ at: 'password', message: 'at least 12 characters' }]),
    ];
    if (problems.length > 0)
      throw new AppError('validation_failed', 'The staff account is not valid.', problems);
    const id = randomUUID();
    const passwordHash = await hash(s.password, ARGON2);
    await this.tx.run(async (tx) => {
      const ok = await this.repo.with(tx).insert({
        id,
        username: s.username,
        name: s.name.trim(),
        roles: s.roles,
        passwordHash,
        at: this.clock.now(),
      });
      if (!ok) throw new AppError('conflict', 'That user name is taken.');
      await this.audit
        .withTx(tx)
        .record({ actor, action: 'staff.created', details: { staff: id, roles: s.roles } });
    });
    return id;
  }

  async authenticate(username: string, password: string): Promise<StaffMember> {
    const row = await this.repo.findByUsername(username.trim().toLowerCase());
    if (!row || row.disabledAt) {
      this.dummyHash ??= hash('not-a-password-of-anyone', ARGON2);
      await verify(await this.dummyHash, password);
      throw new AppError('unauthenticated', 'Wrong user name or password.');
    }
    if (!(await verify(row.passwordHash, password)))
      throw new AppError('unauthenticated', 'Wrong user name or password.');
    return toMember(row);
  }

  async createSession(staffId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await this.tx.run(async (tx) => {
      await this.repo
        .with(tx)
        .insertSession(
          tokenHash(token),
          staffId,
          now,
          new Date(now.getTime() + STAFF_SESSION_HOURS * 3_600_000),
        );
      await this.audit.withTx(tx).record({ actor: `staff:${staffId}`, action: 'staff.signed_in' });
    });
    return token;
  }

  async resolveSession(token: string | undefined): Promise<StaffMember | undefined> {
    if (!token || token.length > 100) return undefined;
    const s = await this.repo.findSession(tokenHash(token), this.clock.now());
    if (!s) return undefined;
    const row = await this.repo.findById(s.staffId);
    return row ? toMember(row) : undefined;
  }

  async signOut(token: string): Promise<void> {
    await this.repo.deleteSession(tokenHash(token));
  }

  async list(): Promise<StaffMember[]> {
    return (await this.repo.list()).map(toMember);
  }

  count(): Promise<number> {
    return this.repo.count();
  }
}
