import type { ErrorDetail } from '../../platform/errors.ts';
import { type IdentityNumber, parseIdentityNumber } from '../identity/fodselsnummer.ts';
import { checkPersonName } from '../identity/person-name.ts';

/** What a person tells us when signing up, after validation and normalisation. */
export interface SignUp {
  readonly name: string;
  readonly email: string;
  readonly phone: string | null;
  readonly identityNumber: IdentityNumber;
  readonly password: string;
}

export interface CustomerProfile {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly phone: string | null;
  readonly identityNumber: string;
  readonly isDemo: boolean;
  readonly createdAt: Date;
}

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

export const normaliseEmail = (input: string): string => input.trim().toLowerCase();

/**
 * A full name as the desk's look-up by name compares it: Unicode-normalised, lower case,
 * punctuation and runs of spaces as one space. «Anne-Lise  Ødegård» and «anne lise ødegård»
 * match; «Bjørn» and «Bjorn» do not, as they are different names.
 */
export const normaliseName = (input: string): string =>
  input
    .normalize('NFKC')
    .toLocaleLowerCase('nb')
    .replace(/[\p{P}\s]+/gu, ' ')
    .trim();

/** Norwegian numbers to +47XXXXXXXX; other countries must be written with their + prefix. */
export const normalisePhone = (input: string): string | undefined => {
  const compact = input.replace(/[\s().-]/g, '');
  if (/^\d{8}$/.test(compact)) return `+47${compact}`;
  if (/^0047\d{8}$/.test(compact)) return `+${compact.slice(2)}`;
  if (/^\+\d{8,15}$/.test(compact)) return compact;
  return undefined;
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Field problems name the field and the rule, never the value that was typed. */
export const validateSignUp = (input: {
  name?: string;
  email?: string;
  phone?: string;
  identityNumber?: string;
  password?: string;
}): { ok: true; value: SignUp } | { ok: false; problems: ErrorDetail[] } => {
  const problems: ErrorDetail[] = [];
  const checkedName = checkPersonName(input.name ?? '');
  const name = checkedName.ok ? checkedName.value : '';
  if (!checkedName.ok) problems.push({ at: 'name', message: checkedName.problem });
  const email = normaliseEmail(input.email ?? '');
  if (!EMAIL.test(email) || email.length > 254) problems.push({ at: 'email', message: 'email_invalid' });
  let phone: string | null = null;
  if (input.phone && input.phone.trim() !== '') {
    const p = normalisePhone(input.phone);
    if (p) phone = p;
    else problems.push({ at: 'phone', message: 'phone_invalid' });
  }
  const id = parseIdentityNumber(input.identityNumber ?? '');
  if (!id.ok)
    problems.push({ at: 'identityNumber', message: `identity_number_${id.problem.replace('-', '_')}` });
  const password = input.password ?? '';
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    problems.push({ at: 'password', message: 'password_length' });
  }
  if (problems.length > 0 || !id.ok) return { ok: false, problems };
  return { ok: true, value: { name, email, phone, identityNumber: id.value, password } };
};
