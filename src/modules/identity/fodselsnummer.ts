/**
 * Norwegian national identity numbers: fødselsnummer (birth number) and D-nummer, both
 * eleven digits DDMMYY + individual number (3) + two mod-11 check digits. A D-nummer adds
 * 4 to the first digit of the day. Synthetic test persons from the national test data
 * service (Tenor) add 80 to the month, and NAV's synthetic persons add 40; both must
 * validate so that test data can flow through the real code.
 */
export type IdentityNumberKind = 'fodselsnummer' | 'd-nummer';

export interface IdentityNumber {
  readonly value: string;
  readonly kind: IdentityNumberKind;
  readonly synthetic: boolean;
  /** 'YYYY-MM-DD' */
  readonly birthDate: string;
}

export type IdentityNumberProblem = 'format' | 'check-digit' | 'date';

const K1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const K2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

const mod11 = (digits: readonly number[], weights: readonly number[]): number | undefined => {
  const sum = weights.reduce((acc, w, i) => acc + w * (digits[i] ?? 0), 0);
  const r = 11 - (sum % 11);
  return r === 11 ? 0 : r === 10 ? undefined : r;
};

/** The century follows from the individual number and the two-digit year (Skatteetaten's table). */
const fullYear = (yy: number, individual: number): number | undefined => {
  if (individual <= 499) return 1900 + yy;
  if (individual <= 749 && yy >= 54) return 1800 + yy;
  if (individual >= 900 && yy >= 40) return 1900 + yy;
  if (individual >= 500 && yy <= 39) return 2000 + yy;
  return undefined;
};

/** Digits only: people type spaces and dots inside their number. */
export const normaliseIdentityNumber = (input: string): string => input.replace(/[\s.-]/g, '');

export const parseIdentityNumber = (
  input: string,
): { ok: true; value: IdentityNumber } | { ok: false; problem: IdentityNumberProblem } => {
  const value = normaliseIdentityNumber(input);
  if (!/^\d{11}$/.test(value)) return { ok: false, problem: 'format' };
  const d = [...value].map(Number);
  if (mod11(d, K1) !== d[9] || mod11(d, K2) !== d[10]) return { ok: false, problem: 'check-digit' };

  let day = Number(value.slice(0, 2));
  let month = Number(value.slice(2, 4));
  const yy = Number(value.slice(4, 6));
  const individual = Number(value.slice(6, 9));
  let kind: IdentityNumberKind = 'fodselsnummer';
  let synthetic = false;
  if (day > 40) {
    kind = 'd-nummer';
    day -= 40;
  }
  if (month > 80) {
    synthetic = true;
    month -= 80;
  } else if (month > 40) {
    synthetic = true;
    month -= 40;
  }
  const year = fullYear(yy, individual);
  if (year === undefined) return { ok: false, problem: 'date' };
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) {
    return { ok: false, problem: 'date' };
  }
  const birthDate = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { ok: true, value: { value, kind, synthetic, birthDate } };
};

/** What customer service may see: the birth date part and nothing of the individual number. */
export const maskIdentityNumber = (value: string): string => `${value.slice(0, 6)} *****`;
