/**
 * What personal values look like in a log line, however they were written: identity
 * numbers (11 digits, not part of a longer number or a decimal), e-mail addresses and
 * Norwegian phone numbers with their country code (+47, %2B47, 0047).
 */
export const PERSONAL_PATTERNS: Readonly<Record<string, RegExp>> = {
  'identity number': /(?<![\d.])\d{6}[ .]?\d{5}(?!\d)/,
  'e-mail address': /[\w.+-]+@[\w-]+\.[\w.-]+/,
  'phone number': /(?:\+|%2B)47 ?\d{8}|(?<![\d.])0047 ?\d{8}/i,
};

/** The log lines holding something that looks personal, each named by what it looks like, not quoted. */
export const personalDataIn = (lines: readonly string[]): string[] =>
  lines.flatMap((line) => {
    const found = Object.entries(PERSONAL_PATTERNS)
      .filter(([, p]) => p.test(line))
      .map(([name]) => name);
    if (found.length === 0) return [];
    let msg = '';
    try {
      msg = String((JSON.parse(line) as { msg?: unknown }).msg ?? '');
    } catch {
      msg = '(not JSON)';
    }
    return [`a log line "${msg}" holds ${found.join(', ')}`];
  });
