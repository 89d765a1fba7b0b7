import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import type { Clock } from '../../platform/clock.ts';
import type { Transactor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { checkPersonName } from '../identity/person-name.ts';
import { keepUntil } from '../retention/retention-rules.ts';
import type { StaffRepository, StaffRow } from './staff.repository.ts';
import { isRole, type Role, type StaffMember } from './staff.ts';

const ARGON2 = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const STAFF_SESSION_HOURS = 8;
/** How long a first password made by an administrator works before its holder must have replaced it. */
export const FIRST_PASSWORD_HOURS = 72;
const MIN_PASSWORD = 12;
const MAX_PASSWORD = 256;

/** A password an administrator hands over: 144 random bits, written so it can be read out. */
export const generatedPassword = (): string => randomBytes(18).toString('base64url');
const tokenHash = (token: string): Uint8Array => new Uint8Array(createHash('sha256').update(token).digest());

const toMember = (r: Pick<StaffRow, 'id' | 'username' | 'name' | 'roles'>): StaffMember => ({
  id: r.id,
  username: r.username,
  name: r.name,
  roles: r.roles.filter(isRole),
});

const passwordProblems = (password: string): { at: string; message: string }[] =>
  password.length < MIN_PASSWORD
    ? [{ at: 'password', message: `at least ${MIN_PASSWORD} characters` }]
    : password.length > MAX_PASSWORD
      ? [{ at: 'password', message: `at most ${MAX_PASSWORD} characters` }]
      : [];

/** How the desk names a staff member it refers to: null once the account's personal fields are removed. */
export type StaffName = { readonly username: string; readonly name: string } | null;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface StaffSignInStatus extends StaffMember {
  readonly disabled: boolean;
  /** When the account was ended, and the day its personal fields will be removed. */
  readonly disabledAt: Date | null;
  readonly removeOn: string | null;
  /** Set while the account's password is a first one that must be replaced by then. */
  readonly firstPasswordUntil: Date | null;
  readonly secondFactorSince: Date | null;
  /** When the account was tied to a provider account through single sign-on. */
  readonly singleSignOnSince: Date | null;
}

/** Staff accounts and sessions. Every sign-in is audited; a disabled account's sessions stop at once. */
export class StaffService {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly tx: Transactor,
    private readonly repo: StaffRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * A new account. With `firstPassword` the password is one an administrator made and hands
   * over: it works for FIRST_PASSWORD_HOURS and only to choose the member's own password.
   */
  async create(
    s: { username: string; name: string; roles: string[]; password: string },
    actor = 'cli',
    options: { firstPassword?: boolean } = {},
  ): Promise<string> {
    const name = checkPersonName(s.name);
    const problems = [
      ...(/^[a-z][a-z0-9._-]{1,39}$/.test(s.username)
        ? []
        : [{ at: 'username', message: 'a-z, 0-9, . _ -' }]),
      ...(name.ok ? [] : [{ at: 'name', message: name.problem }]),
      ...(s.roles.length > 0 && s.roles.every(isRole)
        ? []
        : [{ at: 'roles', message: 'customer_service, dpo or admin' }]),
      ...passwordProblems(s.password),
    ];
    if (problems.length > 0 || !name.ok)
      throw new AppError(
        'validation_failed',
        name.ok || name.problem !== 'name_characters'
          ? 'The staff account is not valid.'
          : 'The staff account is not valid: a name may not hold control characters or characters that change the writing direction.',
        problems,
      );
    const id = randomUUID();
    const passwordHash = await hash(s.password, ARGON2);
    await this.tx.run(async (tx) => {
      const ok = await this.repo.with(tx).insert({
        id,
        username: s.username,
        name: name.value,
        roles: s.roles,
        passwordHash,
        passwordExpiresAt: options.firstPassword ? this.firstPasswordExpiry() : null,
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
    // Said only to whoever knows the password: it was right, but it is a first one that ran out.
    if (row.passwordExpiresAt && row.passwordExpiresAt <= this.clock.now())
      throw new AppError(
        'unauthenticated',
        'This first password has expired; an administrator can make a new one.',
        [{ at: 'password', message: 'expired' }],
      );
    return toMember(row);
  }

  /** Whether the member signs in with a first password that must be replaced before anything else. */
  async mustChangePassword(staffId: string): Promise<boolean> {
    return (await this.repo.findById(staffId))?.passwordExpiresAt != null;
  }

  /**
   * The member's own password in place of a first one (or of an earlier own one). Every
   * session of the account ends: whoever held the old password holds nothing now.
   */
  async changePassword(staffId: string, next: string): Promise<void> {
    const row = await this.repo.findById(staffId);
    if (!row || row.disabledAt) throw new AppError('unauthenticated', 'No such staff account.');
    const problems = passwordProblems(next);
    if (problems.length === 0 && (await verify(row.passwordHash, next)))
      problems.push({ at: 'password', message: 'same as before' });
    if (problems.length > 0)
      throw new AppError('validation_failed', 'The new password is not valid.', problems);
    const passwordHash = await hash(next, ARGON2);
    await this.tx.run(async (tx) => {
      const repo = this.repo.with(tx);
      await repo.setPassword(staffId, passwordHash, null);
      const ended = await repo.deleteSessionsOf(staffId);
      await this.audit.withTx(tx).record({
        actor: `staff:${staffId}`,
        action: 'staff.password_changed',
        purpose: 'security',
        details: { staff: staffId, sessionsEnded: ended, wasFirstPassword: row.passwordExpiresAt !== null },
      });
    });
  }

  /**
   * A forgotten password: a new first password, shown once to the administrator who hands
   * it over; the account's sessions end. Undefined for no such account.
   */
  async issueFirstPassword(username: string, actor: string): Promise<string | undefined> {
    const row = await this.repo.findByUsername(username.trim().toLowerCase());
    if (!row) return undefined;
    const password = generatedPassword();
    const passwordHash = await hash(password, ARGON2);
    await this.tx.run(async (tx) => {
      const repo = this.repo.with(tx);
      await repo.setPassword(row.id, passwordHash, this.firstPasswordExpiry());
      const ended = await repo.deleteSessionsOf(row.id);
      await this.audit.withTx(tx).record({
        actor,
        action: 'staff.first_password_issued',
        purpose: 'security',
        details: { staff: row.id, sessionsEnded: ended },
      });
    });
    return password;
  }

  private firstPasswordExpiry(): Date {
    return new Date(this.clock.now().getTime() + FIRST_PASSWORD_HOURS * 3_600_000);
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

  /** The roles an action is decided by: read at the moment of the action, none for a disabled account. */
  async rolesOf(staffId: string): Promise<readonly Role[]> {
    if (!/^[0-9a-f-]{36}$/i.test(staffId)) return [];
    const row = await this.repo.findById(staffId);
    return row && !row.disabledAt ? row.roles.filter(isRole) : [];
  }

  async signOut(token: string): Promise<void> {
    await this.repo.deleteSession(tokenHash(token));
  }

  /** How each account signs in, for the administrator: what is set up, what is pending, nothing secret. */
  async signInStatus(): Promise<StaffSignInStatus[]> {
    return (await this.repo.listSignIn()).map((r) => ({
      ...toMember(r),
      disabled: r.disabledAt !== null,
      disabledAt: r.disabledAt,
      removeOn: r.disabledAt ? keepUntil('while_employed', r.disabledAt) : null,
      firstPasswordUntil: r.passwordExpiresAt,
      secondFactorSince: r.secondFactorSince,
      singleSignOnSince: r.singleSignOnSince,
    }));
  }

  /**
   * Ends an account when the employment ends: from this instant no session of it works
   * (they are deleted in the same transaction), no password, code or single sign-on opens
   * it, and the retention rule `while_employed` counts from today. Audited.
   */
  async disable(staffId: string, actor: string): Promise<{ removeOn: string }> {
    if (!UUID.test(staffId)) throw new AppError('not_found', 'No such staff account.');
    if (actor === `staff:${staffId}`)
      throw new AppError('conflict', 'An administrator cannot end their own account.');
    const now = this.clock.now();
    const removeOn = keepUntil('while_employed', now) as string;
    await this.tx.run(async (tx) => {
      const repo = this.repo.with(tx);
      const row = await repo.findById(staffId);
      if (!row) throw new AppError('not_found', 'No such staff account.');
      if (row.disabledAt) throw new AppError('conflict', 'The account is already ended.');
      await repo.setDisabled(staffId, now);
      const ended = await repo.deleteSessionsOf(staffId);
      await this.audit.withTx(tx).record({
        actor,
        action: 'staff.disabled',
        purpose: 'security',
        details: { staff: staffId, sessionsEnded: ended, removeOn },
      });
    });
    return { removeOn };
  }

  /**
   * Undoes an ending made in error, until the personal fields are removed; after that there
   * is no account left to resume. The password is the one it had; its sessions stay ended.
   */
  async enable(staffId: string, actor: string): Promise<void> {
    if (!UUID.test(staffId)) throw new AppError('not_found', 'No such staff account.');
    await this.tx.run(async (tx) => {
      const repo = this.repo.with(tx);
      const row = await repo.findById(staffId);
      if (!row) throw new AppError('not_found', 'No such staff account.');
      if (!row.disabledAt) throw new AppError('conflict', 'The account is not ended.');
      await repo.setDisabled(staffId, null);
      await this.audit
        .withTx(tx)
        .record({ actor, action: 'staff.enabled', purpose: 'security', details: { staff: staffId } });
    });
  }

  /** The id of the account with this user name (not removed), for the command line. */
  async idOf(username: string): Promise<string | undefined> {
    return (await this.repo.findByUsername(username.trim().toLowerCase()))?.id;
  }

  /**
   * Names for the staff ids found in `refs` (`staff:<id>` actors or bare ids): a member
   * whose account was removed is null, which the desk shows as "former staff member".
   */
  async names(refs: readonly (string | null | undefined)[]): Promise<Map<string, StaffName>> {
    const ids = [
      ...new Set(refs.map((r) => r?.replace(/^staff:/, '')).filter((r): r is string => !!r && UUID.test(r))),
    ];
    const out = new Map<string, StaffName>();
    for (const r of await this.repo.names(ids))
      out.set(r.id, r.username && r.name ? { username: r.username, name: r.name } : null);
    return out;
  }

  async list(): Promise<StaffMember[]> {
    return (await this.repo.list()).map(toMember);
  }

  count(): Promise<number> {
    return this.repo.count();
  }
}
