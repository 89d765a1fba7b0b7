/** Organisation numbers from Enhetsregisteret: nine digits, the last a mod-11 check digit. */
const WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2];

export const normaliseOrgnr = (input: string): string =>
  input.replace(/[\s.]/g, '').replace(/^NO|MVA$/gi, '');

export const isValidOrgnr = (input: string): boolean => {
  const value = normaliseOrgnr(input);
  if (!/^\d{9}$/.test(value)) return false;
  const digits = [...value].map(Number);
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * (digits[i] ?? 0), 0);
  const r = 11 - (sum % 11);
  const check = r === 11 ? 0 : r;
  return check !== 10 && check === digits[8];
};
