import { describe, expect, it } from 'vitest';
import { maskIdentityNumber, parseIdentityNumber } from './fodselsnummer.ts';
import { gs1CheckDigit, parseMeteringPointId } from './metering-point-id.ts';
import { formatOre, parseNokToOre, roundOre } from './money.ts';
import { isValidOrgnr } from './organisasjonsnummer.ts';
import { parsePriceArea } from './price-area.ts';

describe('fødselsnummer and D-nummer', () => {
  it.each([
    ['14028512334', 'fodselsnummer', false, '1985-02-14'],
    ['31070551228', 'fodselsnummer', false, '2005-07-31'],
    ['29020060040', 'fodselsnummer', false, '2000-02-29'],
    ['41039020082', 'd-nummer', false, '1990-03-01'],
    ['21918030260', 'fodselsnummer', true, '1980-11-21'],
    ['05457540061', 'fodselsnummer', true, '1975-05-05'],
    ['178682 25181', 'fodselsnummer', true, '1982-06-17'],
  ])('%s is a valid %s (synthetic %s) born %s', (input, kind, synthetic, birthDate) => {
    const r = parseIdentityNumber(input);
    expect(r).toEqual({ ok: true, value: { value: input.replace(/\s/g, ''), kind, synthetic, birthDate } });
  });

  it.each([
    ['14028512335', 'check-digit'],
    ['14028512344', 'check-digit'],
    ['1402851233', 'format'],
    ['1402851233a', 'format'],
    ['', 'format'],
  ])('%s is refused (%s)', (input, problem) => {
    expect(parseIdentityNumber(input)).toEqual({ ok: false, problem });
  });

  it('refuses an impossible date even with correct check digits', () => {
    // 31 February, check digits computed for it
    const digits = '310285123';
    const k1w = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    const k2w = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    const cd = (d: number[], w: number[]) => {
      const r = 11 - (w.reduce((a, x, i) => a + x * (d[i] ?? 0), 0) % 11);
      return r === 11 ? 0 : r;
    };
    for (let ind = 123; ind < 200; ind++) {
      const base = `${digits.slice(0, 6)}${ind}`;
      const d = [...base].map(Number);
      const k1 = cd(d, k1w);
      if (k1 === 10) continue;
      const k2 = cd([...d, k1], k2w);
      if (k2 === 10) continue;
      expect(parseIdentityNumber(`${base}${k1}${k2}`)).toEqual({ ok: false, problem: 'date' });
      return;
    }
    throw new Error('no candidate found');
  });

  it('masks everything but the birth date', () => {
    expect(maskIdentityNumber('14028512334')).toBe('140285 *****');
  });
});

describe('organisasjonsnummer', () => {
  it.each([
    ['811143758', true],
    ['987654325', true],
    ['920766854', true],
    ['NO811143758MVA', true],
    ['123456789', false],
    ['12345678', false],
    ['811143757', false],
  ])('%s valid: %s', (input, valid) => {
    expect(isValidOrgnr(input)).toBe(valid);
  });
});

describe('metering point ID (GSRN)', () => {
  it('accepts a correct ID', () => {
    expect(parseMeteringPointId('707057500901234567')).toEqual({
      value: '707057500901234567',
      checkDigitOk: true,
      norwegian: true,
    });
  });

  it('accepts the official example with a wrong check digit, and flags it', () => {
    expect(parseMeteringPointId('707057500011223344')).toEqual({
      value: '707057500011223344',
      checkDigitOk: false,
      norwegian: true,
    });
    expect(gs1CheckDigit('70705750001122334')).toBe(5);
  });

  it.each(['70705750090123456', '7070575009012345678', '70705750090123456x', ''])('refuses %s', (input) => {
    expect(parseMeteringPointId(input)).toBeUndefined();
  });
});

describe('price areas', () => {
  it.each([
    ['NO1', 'NO1'],
    ['no5', 'NO5'],
    [' NO 3 ', 'NO3'],
    ['NO6', undefined],
    ['SE3', undefined],
  ])('%s → %s', (input, expected) => {
    expect(parsePriceArea(input)).toBe(expected);
  });
});

describe('money in øre', () => {
  it.each([
    [0.5, 1],
    [-0.5, -1],
    [1.49999, 1],
    [123456.5, 123457],
    [-0.4, 0],
  ])('rounds %s to %s', (x, expected) => {
    expect(roundOre(x)).toBe(expected);
  });

  it.each([
    ['1543.34', 154334],
    ['1543.3', 154330],
    ['-714.31', -71431],
    ['0', 0],
    ['12,5', 1250],
    ['1.234', undefined],
    ['abc', undefined],
  ])('parses %s kroner', (text, ore) => {
    expect(parseNokToOre(text)).toBe(ore);
  });

  it('formats for people', () => {
    expect(formatOre(123456, 'nb')).toBe('kr\u00a01\u00a0234,56');
    expect(formatOre(123456, 'en')).toBe('NOK\u00a01,234.56');
  });
});
