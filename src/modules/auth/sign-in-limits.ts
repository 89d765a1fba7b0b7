import { isIPv4, isIPv6 } from 'node:net';

/**
 * How many tries at a secret are allowed before the answer is "too many attempts", per
 * account and per address, in one window. Pure: the limiter asks these.
 *
 * The account is whatever the person typed or the step is bound to (an e-mail address, a
 * user name, a staff account waiting for its code, a customer confirming a password), so
 * a limit on an account that does not exist works exactly like one on an account that
 * does, and the answer says nothing about which it is. The address limit is shared by
 * every kind of secret: guessing one kind does not open a fresh allowance for another.
 */
export const SECRET_KINDS = [
  'household_password',
  'staff_password',
  'staff_code',
  'request_code',
  'password_confirm',
] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

export const LIMIT_WINDOW_MINUTES = 15;
/** Tries at one account in a window, from any number of addresses. */
export const ACCOUNT_ATTEMPTS = 10;
/** Tries from one address in a window, at any number of accounts; higher, as a household or office may share one. */
export const ADDRESS_ATTEMPTS = 30;

/** The text the account's key is made from: the kind keeps one kind's count apart from another's. */
export const accountKeyText = (kind: SecretKind, account: string): string =>
  `${kind}\u0000${account.trim().toLowerCase()}`;

const expandIPv6 = (address: string): string[] => {
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((g) =>
    g.toLowerCase().padStart(4, '0'),
  );
};

/**
 * The address a limit counts under. An IPv4 address written as IPv6 is the IPv4 address;
 * an IPv6 address counts by its /64 network, since one customer line gets a whole /64 and
 * could otherwise take a fresh address for every try.
 */
export const addressKeyText = (ip: string): string => {
  const plain = ip.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (isIPv4(plain)) return plain;
  if (isIPv6(plain))
    return `${expandIPv6(plain.split('%')[0] ?? plain)
      .slice(0, 4)
      .join(':')}::/64`;
  return plain;
};
