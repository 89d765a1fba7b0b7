/**
 * Metering point IDs are 18-digit GS1 Global Service Relation Numbers (GSRN); Norwegian
 * ones start with 7070575. The last digit is a GS1 mod-10 check digit. Official example
 * files carry IDs with a wrong check digit, and real feeds do too, so a wrong check digit
 * is reported as a finding and the ID is still accepted.
 */
export interface MeteringPointId {
  readonly value: string;
  readonly checkDigitOk: boolean;
  readonly norwegian: boolean;
}

export const gs1CheckDigit = (body: string): number => {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    // Weights alternate 3,1,3,… starting from the digit next to the check digit.
    const weight = (body.length - i) % 2 === 1 ? 3 : 1;
    sum += Number(body[i]) * weight;
  }
  return (10 - (sum % 10)) % 10;
};

export const normaliseMeteringPointId = (input: string): string => input.replace(/\s/g, '');

export const parseMeteringPointId = (input: string): MeteringPointId | undefined => {
  const value = normaliseMeteringPointId(input);
  if (!/^\d{18}$/.test(value)) return undefined;
  return {
    value,
    checkDigitOk: gs1CheckDigit(value.slice(0, 17)) === Number(value[17]),
    norwegian: value.startsWith('7070575'),
  };
};
