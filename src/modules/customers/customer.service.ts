import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import type { Clock } from '../../platform/clock.ts';
import type { Keyring } from '../../platform/crypto/keyring.ts';
import type { Db, Transactor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { parseIdentityNumber } from '../identity/fodselsnummer.ts';
import { checkPersonName } from '../identity/person-name.ts';
import type { CustomerRepository } from './customer.repository.ts';
import {
  type CustomerProfile,
  normaliseEmail,
  normaliseName,
  normalisePhone,
  type SignUp,
  validateSignUp,
} from './customer.ts';

export const SESSION_HOURS = 12;

// Algorithm is a const enum that isolated modules cannot read; 2 is Argon2id. Parameters follow OWASP's minimum.
const ARGON2 = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Blind-index domains: the same value hashes differently for each use. */
export const EMAIL_INDEX = 'customers.email';
export const IDENTITY_INDEX = 'customers.fnr';
export const NAME_INDEX = 'customers.name';

export interface Session {
  readonly customerId: string;
  /** When the person last proved who they are; fresh sign-in is required for sensitive steps. */
  readonly authenticatedAt: Date;
}

const tokenHash = (token: string): Uint8Array => new Uint8Array(createHash('sha256').update(token).digest());

export class CustomerService {
  /** A hash to verify against when the e-mail is unknown, so timing does not tell whether an account exists. */
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly tx: Transactor,
    private readonly customers: CustomerRepository,
    private readonly keyring: Keyring,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async signUp(
    input: Parameters<typeof validateSignUp>[0],
    options: { isDemo?: boolean } = {},
  ): Promise<string> {
    const checked = validateSignUp(input);
    if (!checked.ok)
      throw new AppError('validation_failed', 'Some fields are missing or invalid.', checked.problems);
    const passwordHash = await hash(checked.value.password, ARGON2);
    return this.tx.run((tx) => this.insertCustomer(tx, checked.value, passwordHash, options.isDemo ?? false));
  }

  private async insertCustomer(tx: Db, s: SignUp, passwordHash: string, isDemo: boolean): Promise<string> {
    const keyring = this.keyring;
    const customers = this.customers.with(tx);
    const id = randomUUID();
    const now = this.clock.now();
    const emailBidx = await keyring.index(EMAIL_INDEX, s.email);
    const fnrBidx = await keyring.index(IDENTITY_INDEX, s.identityNumber.value);
    if (await customers.existsByIdentityIndex(fnrBidx)) {
      throw new AppError('conflict', 'An account for this person already exists. Sign in instead.', [
        { at: 'identityNumber', message: 'account_exists' },
      ]);
    }
    const cipher = await keyring.cipherForWriting(id, 'general', now);
    const inserted = await customers.insert({
      id,
      emailEnc: cipher.sealText('customers.email_enc', s.email),
      emailBidx,
      nameEnc: cipher.sealText('customers.name_enc', s.name),
      nameBidx: await keyring.index(NAME_INDEX, normaliseName(s.name)),
      phoneEnc: s.phone ? cipher.sealText('customers.phone_enc', s.phone) : null,
      fnrEnc: cipher.sealText('customers.fnr_enc', s.identityNumber.value),
      fnrBidx,
      passwordHash,
      isDemo,
      createdAt: now,
    });
    if (!inserted) {
      throw new AppError('conflict', 'An account with this e-mail address already exists. Sign in instead.', [
        { at: 'email', message: 'account_exists' },
      ]);
    }
    await this.audit.withTx(tx).record({ actor: 'customer', action: 'customer.signed_up', subjectId: id });
    return id;
  }

  /** Returns the customer id for a correct e-mail and password, and nothing that tells which one was wrong. */
  async authenticate(email: string, password: string): Promise<string> {
    const bidx = await this.keyring.index(EMAIL_INDEX, normaliseEmail(email));
    const row = await this.customers.findByEmailIndex(bidx);
    if (!row?.passwordHash) {
      this.dummyHash ??= hash('not-a-password-of-anyone', ARGON2);
      await verify(await this.dummyHash, password);
      throw new AppError('unauthenticated', 'Wrong e-mail address or password.');
    }
    if (!(await verify(row.passwordHash, password))) {
      throw new AppError('unauthenticated', 'Wrong e-mail address or password.');
    }
    return row.id;
  }

  async createSession(customerId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
    await this.tx.run(async (tx) => {
      await this.customers.with(tx).insertSession(tokenHash(token), customerId, now, expiresAt);
      await this.audit
        .withTx(tx)
        .record({ actor: 'customer', action: 'customer.signed_in', subjectId: customerId });
    });
    return { token, expiresAt };
  }

  async resolveSession(token: string | undefined): Promise<Session | undefined> {
    if (!token || token.length > 100) return undefined;
    const s = await this.customers.findSession(tokenHash(token), this.clock.now());
    return s ? { customerId: s.customerId, authenticatedAt: s.createdAt } : undefined;
  }

  async signOut(token: string): Promise<void> {
    await this.customers.deleteSession(tokenHash(token));
  }

  /**
   * The e-mail address of an account not yet erased (also one waiting for erasure), read in
   * the caller's transaction: an erasure reads the address it is about to clear, to say it is done.
   */
  async emailIn(tx: Db, customerId: string): Promise<string | null> {
    const row = await this.customers.with(tx).findById(customerId);
    if (!row?.emailEnc || row.status === 'erased') return null;
    const cipher = await this.keyring.cipherFor(customerId, 'general', this.clock.now());
    return cipher.openText('customers.email_enc', row.emailEnc);
  }

  async profile(customerId: string): Promise<CustomerProfile> {
    const row = await this.customers.findById(customerId);
    if (row?.status !== 'active' || !row.emailEnc || !row.nameEnc || !row.fnrEnc) {
      throw new AppError('not_found', 'No such customer.');
    }
    const cipher = await this.keyring.cipherFor(customerId, 'general', this.clock.now());
    return {
      id: row.id,
      name: cipher.openText('customers.name_enc', row.nameEnc),
      email: cipher.openText('customers.email_enc', row.emailEnc),
      phone: row.phoneEnc ? cipher.openText('customers.phone_enc', row.phoneEnc) : null,
      identityNumber: cipher.openText('customers.fnr_enc', row.fnrEnc),
      isDemo: row.isDemo,
      createdAt: row.createdAt,
    };
  }

  /**
   * Rectification (Art. 16): replaces the contact fields given, checked like at sign-up.
   * Returns the names of the fields that changed.
   */
  async rectify(
    customerId: string,
    changes: { name?: string; email?: string; phone?: string },
    tx?: Db,
  ): Promise<string[]> {
    const problems: { at: string; message: string }[] = [];
    const checkedName = changes.name === undefined ? undefined : checkPersonName(changes.name);
    const name = checkedName?.ok ? checkedName.value : undefined;
    if (checkedName && !checkedName.ok) problems.push({ at: 'name', message: checkedName.problem });
    const email = changes.email !== undefined ? normaliseEmail(changes.email) : undefined;
    if (email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      problems.push({ at: 'email', message: 'email_invalid' });
    let phone: string | null | undefined;
    if (changes.phone !== undefined) {
      phone = changes.phone.trim() === '' ? null : (normalisePhone(changes.phone) ?? undefined);
      if (phone === undefined) problems.push({ at: 'phone', message: 'phone_invalid' });
    }
    if (problems.length > 0) throw new AppError('validation_failed', 'Some fields are invalid.', problems);
    const now = this.clock.now();
    const cipher = await this.keyring.cipherFor(customerId, 'general', now);
    const work = async (t: Db) => {
      const repo = this.customers.with(t);
      const fields: string[] = [];
      if (name !== undefined) {
        await repo.setField(customerId, 'name_enc', cipher.sealText('customers.name_enc', name));
        await repo.setField(
          customerId,
          'name_bidx',
          await this.keyring.index(NAME_INDEX, normaliseName(name)),
        );
        fields.push('name');
      }
      if (email !== undefined) {
        const ok = await repo.setEmail(
          customerId,
          cipher.sealText('customers.email_enc', email),
          await this.keyring.index(EMAIL_INDEX, email),
        );
        if (!ok)
          throw new AppError('conflict', 'Another account uses that e-mail address.', [
            { at: 'email', message: 'account_exists' },
          ]);
        fields.push('email');
      }
      if (phone !== undefined) {
        await repo.setField(
          customerId,
          'phone_enc',
          phone === null ? null : cipher.sealText('customers.phone_enc', phone),
        );
        fields.push('phone');
      }
      await this.audit.withTx(t).record({
        actor: 'customer',
        action: 'customer.rectified',
        subjectId: customerId,
        details: { fields },
      });
      return fields;
    };
    return tx ? work(tx) : this.tx.run(work);
  }

  async findIdByIdentityNumber(input: string): Promise<string | undefined> {
    const parsed = parseIdentityNumber(input);
    if (!parsed.ok) return undefined;
    return this.customers.findIdByIdentityIndex(await this.keyring.index(IDENTITY_INDEX, parsed.value.value));
  }

  /** Active customers with exactly this full name (after normalisation), oldest account first. */
  async findIdsByName(name: string, limit = 20): Promise<string[]> {
    const normalised = normaliseName(name);
    if (normalised.length < 2) return [];
    return this.customers.findIdsByNameIndex(await this.keyring.index(NAME_INDEX, normalised), limit);
  }

  /**
   * Fills the name index of accounts written before it existed, a batch at a time; run as a
   * job, it finds nothing once they are done.
   */
  async indexNames(batch = 200): Promise<number> {
    let done = 0;
    let after: string | null = null;
    for (;;) {
      const rows = await this.customers.withoutNameIndex(after, batch);
      for (const r of rows) {
        const cipher = await this.keyring.cipherFor(r.id, 'general', this.clock.now());
        const name = cipher.openText('customers.name_enc', r.nameEnc);
        await this.customers.setField(
          r.id,
          'name_bidx',
          await this.keyring.index(NAME_INDEX, normaliseName(name)),
        );
        done++;
      }
      if (rows.length < batch) return done;
      after = rows[rows.length - 1]?.id ?? null;
    }
  }

  async findIdByEmail(email: string): Promise<string | undefined> {
    const row = await this.customers.findByEmailIndex(
      await this.keyring.index(EMAIL_INDEX, normaliseEmail(email)),
    );
    return row?.id;
  }

  /** Active customers' e-mail addresses in batches, for notices the law says everyone must get. */
  async contactsForNotices(afterId: string | null, limit: number): Promise<{ id: string; email: string }[]> {
    const rows = await this.customers.activeWithEmail(afterId, limit);
    const now = this.clock.now();
    const out: { id: string; email: string }[] = [];
    for (const r of rows) {
      const cipher = await this.keyring.cipherFor(r.id, 'general', now);
      out.push({ id: r.id, email: cipher.openText('customers.email_enc', r.emailEnc) });
    }
    return out;
  }

  async status(customerId: string): Promise<'active' | 'erasure_pending' | 'erased' | undefined> {
    return (await this.customers.findById(customerId))?.status;
  }

  countActive(): Promise<number> {
    return this.customers.countActive();
  }
}
