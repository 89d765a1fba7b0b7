import { describe, expect, it } from 'vitest';
import { checkPersonName } from './person-name.ts';

describe('a person name', () => {
  it.each([
    ['Kari Nordmann', 'Kari Nordmann'],
    ['  Anne-Lise   Ødegård ', 'Anne-Lise Ødegård'],
    ['Ngô Bảo Châu', 'Ngô Bảo Châu'],
    ['محمد علي', 'محمد علي'],
    ['Áslat Ánte Juuso\n', 'Áslat Ánte Juuso'],
    // Marks that only say which way a letter runs, not overrides or isolates, are names' business.
    ['Dana\u200fCohen', 'Dana\u200fCohen'],
  ])('takes %j as %j', (input, value) => {
    expect(checkPersonName(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['U+0000', 'Kari\u0000Nordmann'],
    ['a tab inside', 'Kari\tNordmann'],
    ['a line break inside', 'Kari\nNordmann'],
    ['a carriage return inside', 'Kari\rNordmann'],
    ['U+001B (escape)', 'Kari \u001b[31mNordmann'],
    ['U+001F', 'Kari\u001fNordmann'],
    ['U+007F (delete)', 'Kari\u007fNordmann'],
    ['U+0085 (a C1 control)', 'Kari\u0085Nordmann'],
    ['U+202A (left-to-right embedding)', '\u202aKari Nordmann'],
    ['U+202B (right-to-left embedding)', 'Kari \u202bNordmann'],
    ['U+202C (pop)', 'Kari Nordmann\u202c'],
    ['U+202D (left-to-right override)', 'Kari \u202dNordmann'],
    ['U+202E (right-to-left override)', 'Kari \u202enammdroN'],
    ['U+2066 (left-to-right isolate)', '\u2066Kari Nordmann'],
    ['U+2067 (right-to-left isolate)', 'Kari \u2067Nordmann'],
    ['U+2068 (first-strong isolate)', 'Kari \u2068Nordmann'],
    ['U+2069 (pop isolate)', 'Kari Nordmann\u2069'],
  ])('refuses a name with %s', (_what, input) => {
    expect(checkPersonName(input)).toEqual({ ok: false, problem: 'name_characters' });
  });

  it.each([[''], ['K'], ['   '], ['x'.repeat(201)]])('asks for a full name instead of %j', (input) => {
    expect(checkPersonName(input)).toEqual({ ok: false, problem: 'name_required' });
  });
});
