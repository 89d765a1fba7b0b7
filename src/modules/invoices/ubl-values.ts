import type { Decimal, Finding } from './ubl.ts';
import type { XmlNode } from './xml-document.ts';

/**
 * Reading values out of a parsed UBL tree: every element is a list (so a repeated
 * element is seen), money becomes integer øre
 * without passing through floating point, and every problem becomes a finding with the
 * element's path, never its content.
 */
export class UblValues {
  readonly findings: Finding[] = [];
  currency: string | null = null;

  fatal(rule: string, message: string, at?: string): void {
    this.findings.push(
      at === undefined ? { rule, severity: 'fatal', message } : { rule, severity: 'fatal', message, at },
    );
  }

  warn(rule: string, message: string, at?: string): void {
    this.findings.push(
      at === undefined ? { rule, severity: 'warning', message } : { rule, severity: 'warning', message, at },
    );
  }

  many(n: XmlNode | undefined, name: string): XmlNode[] {
    const v = n?.[name];
    if (v === undefined) return [];
    const list = Array.isArray(v) ? v : [v];
    return list.map((x) =>
      x !== null && typeof x === 'object' ? (x as XmlNode) : { '#text': String(x ?? '') },
    );
  }

  /** An element the schema allows at most once; a second one is a fatal finding, not a silent pick. */
  one(n: XmlNode | undefined, name: string, at: string): XmlNode | undefined {
    const all = this.many(n, name);
    if (all.length > 1) {
      this.fatal(
        'ELVAKT-UBL-CARDINALITY',
        `${name} appears ${all.length} times where one is allowed.`,
        `${at}/${name}`,
      );
    }
    return all[0];
  }

  text(n: XmlNode | undefined, name: string, at: string): string | null {
    return textOf(this.one(n, name, at));
  }

  attr(n: XmlNode | undefined, name: string): string | null {
    const v = n?.[`@${name}`];
    if (typeof v !== 'string') return null;
    const t = v.trim();
    return t === '' ? null : t;
  }

  date(n: XmlNode | undefined, name: string, at: string, rule: string): string | null {
    const t = this.text(n, name, at);
    if (t === null) return null;
    if (!isCalendarDate(t)) {
      this.fatal(rule, `${name} is not a date in the form YYYY-MM-DD.`, `${at}/${name}`);
      return null;
    }
    return t;
  }

  decimal(n: XmlNode | undefined, name: string, at: string, rule: string): Decimal | null {
    const t = this.text(n, name, at);
    if (t === null) return null;
    const value = parseDecimal(t);
    if (value === undefined) {
      this.fatal(rule, `${name} is not a decimal number.`, `${at}/${name}`);
      return null;
    }
    return { text: t, value };
  }

  /**
   * A monetary amount in øre. PEPPOL allows two decimals for amounts; more (other than
   * trailing zeros) is refused, because rounding someone else's money is not ours to do.
   */
  amount(n: XmlNode | undefined, name: string, at: string, rule: string): number | null {
    const el = this.one(n, name, at);
    const t = textOf(el);
    if (t === null) return null;
    const where = `${at}/${name}`;
    const ore = parseAmountOre(t);
    if (ore === undefined) {
      this.fatal(rule, `${name} is not an amount with at most two decimals.`, where);
      return null;
    }
    const currency = this.attr(el, 'currencyID');
    if (currency !== null && this.currency !== null && currency !== this.currency) {
      this.fatal(
        'PEPPOL-EN16931-R051',
        `${name} is in ${currency}, not the document currency ${this.currency}.`,
        where,
      );
    }
    return ore;
  }
}

export const textOf = (el: XmlNode | undefined): string | null => {
  if (el === undefined) return null;
  const raw = el['#text'];
  if (raw === undefined || raw === null) return null;
  const t = String(raw).trim();
  return t === '' ? null : t;
};

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?$/;

export const parseDecimal = (text: string): number | undefined => {
  const m = DECIMAL.exec(text);
  if (!m || ((m[2] ?? '') === '' && (m[3] ?? '') === '')) return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
};

/** '1543.34' → 154334, '-0.5' → -50, '12.300' → 1230; '1.234' and '1e3' → undefined. */
export const parseAmountOre = (text: string): number | undefined => {
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const whole = m[2] ?? '';
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if ((whole === '' && (m[3] ?? '') === '') || frac.length > 2 || whole.length > 13) return undefined;
  const ore = Number(whole || '0') * 100 + Number(frac.padEnd(2, '0'));
  return m[1] === '-' && ore !== 0 ? -ore : ore;
};

export const isCalendarDate = (text: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
};
