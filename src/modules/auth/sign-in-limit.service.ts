import type { Clock } from '../../platform/clock.ts';
import { blindIndex } from '../../platform/crypto/envelope.ts';
import type { Keyring } from '../../platform/crypto/keyring.ts';
import { AppError } from '../../platform/errors.ts';
import type { SignInLimitRepository } from './sign-in-limit.repository.ts';
import {
  ACCOUNT_ATTEMPTS,
  ADDRESS_ATTEMPTS,
  accountKeyText,
  addressKeyText,
  LIMIT_WINDOW_MINUTES,
  type SecretKind,
} from './sign-in-limits.ts';

/** The platform key the counters' keys are made with; a key of its own, so it opens nothing else. */
const LIMIT_KEY = 'sign-in-limits';

/** An attempt let through, to report back once it is known whether the secret was right. */
export interface Attempt {
  readonly accountKey: Uint8Array;
  readonly addressKey: Uint8Array;
}

/**
 * Limits guessing of secrets per account and per address, counted in the database so
 * that every process shares one allowance. Each attempt is counted before the secret is
 * checked (so concurrent guesses cannot slip past the count), and a right one is taken
 * back. The refusal is the same whether the account exists or not.
 */
export class SignInLimiter {
  constructor(
    private readonly repo: SignInLimitRepository,
    private readonly keyring: Keyring,
    private readonly clock: Clock,
  ) {}

  private async key(domain: string, text: string): Promise<Uint8Array> {
    return blindIndex(await this.keyring.platformKey(LIMIT_KEY), domain, text);
  }

  /**
   * Counts an attempt at `account`'s secret of `kind` from `ip`, or throws `rate_limited`
   * when the address or the account has had its allowance in this window. The address is
   * counted first: an address already refused adds nothing to the accounts it tries.
   */
  async attempt(kind: SecretKind, account: string, ip: string): Promise<Attempt> {
    const now = this.clock.now();
    const windowEndsAt = new Date(now.getTime() + LIMIT_WINDOW_MINUTES * 60_000);
    const addressKey = await this.key('sign-in-limit/address', addressKeyText(ip));
    if ((await this.repo.count(addressKey, now, windowEndsAt)) > ADDRESS_ATTEMPTS) throw refused();
    const accountKey = await this.key('sign-in-limit/account', accountKeyText(kind, account));
    if ((await this.repo.count(accountKey, now, windowEndsAt)) > ACCOUNT_ATTEMPTS) throw refused();
    return { accountKey, addressKey };
  }

  /** The secret was right: the attempt is taken back from the address, and the account's count is cleared. */
  async succeeded(attempt: Attempt): Promise<void> {
    await this.repo.uncount(attempt.addressKey);
    await this.repo.forget(attempt.accountKey);
  }
}

const refused = () => new AppError('rate_limited', 'Too many attempts; wait and try again.');
