import { AppError, type ErrorDetail } from '../../platform/errors.ts';
import { parseIsoDate } from '../../platform/time.ts';

/**
 * The rules document `rules/electricity-taxes.json` as typed values. The document is law
 * written down as data, so a mistake in it is a wrong bill: it is checked strictly, and
 * every problem is reported with where it is before any rule is used.
 */
export const TAX_RULES_FORMAT = 'elvakt/electricity-taxes@1';

export type CustomerType = 'household' | 'business' | 'cabin';
export const CUSTOMER_TYPES: readonly CustomerType[] = ['household', 'business', 'cabin'];

export interface LegalSource {
  readonly name: string;
  readonly url: string;
  readonly evidence?: string;
}

/** An Oslo-local period: `from` inclusive, `to` exclusive, `null` for open-ended. */
export interface Period {
  readonly from: string;
  readonly to: string | null;
}

export interface VatRate extends Period {
  readonly rate: number;
  readonly source: LegalSource;
}
export interface CountyPeriod extends Period {
  readonly county: string;
  readonly name: string;
}
export interface MunicipalityPeriod extends Period {
  readonly number: string;
  readonly name: string;
}
export interface Elavgift extends Period {
  readonly generalOrePerKwh: number;
  /** Null where the reduced rate of that year is not recorded yet. */
  readonly reducedOrePerKwh: number | null;
  readonly source: LegalSource;
}
export interface EnovaFee extends Period {
  readonly householdOrePerKwh: number;
  readonly otherNokPerYear: number;
  readonly source: LegalSource;
}
export interface StromstotteRule extends Period {
  readonly basis: 'monthly-average' | 'hourly';
  readonly thresholdOrePerKwh: number;
  readonly coverage: number;
  readonly monthlyCapKwh: number;
  readonly customerTypes: readonly CustomerType[];
  readonly source: LegalSource;
}
export interface NorgesprisRule extends Period {
  readonly priceOrePerKwh: number;
  readonly monthlyCapKwh: Readonly<Partial<Record<CustomerType, number>>>;
  readonly source: LegalSource;
}

export interface TaxRules {
  readonly vatStandard: readonly VatRate[];
  readonly vatExemption: {
    readonly customerTypes: readonly CustomerType[];
    readonly counties: readonly CountyPeriod[];
    readonly source: LegalSource;
  };
  readonly tiltakssone: {
    readonly counties: readonly CountyPeriod[];
    readonly municipalities: readonly MunicipalityPeriod[];
    readonly exemptCustomerTypes: readonly CustomerType[];
    readonly reducedCustomerTypes: readonly CustomerType[];
    readonly source: LegalSource;
  };
  readonly elavgift: readonly Elavgift[];
  readonly enova: readonly EnovaFee[];
  readonly stromstotte: readonly StromstotteRule[];
  readonly norgespris: readonly NorgesprisRule[];
}

type Obj = Record<string, unknown>;

class Reader {
  readonly problems: ErrorDetail[] = [];
  fail(at: string, message: string): void {
    this.problems.push({ at, message });
  }
  obj(v: unknown, at: string): Obj {
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Obj;
    this.fail(at, 'must be an object');
    return {};
  }
  list(v: unknown, at: string): unknown[] {
    if (Array.isArray(v)) return v;
    this.fail(at, 'must be a list');
    return [];
  }
  str(v: unknown, at: string, pattern?: RegExp): string {
    if (typeof v === 'string' && v.trim() !== '' && (!pattern || pattern.test(v))) return v;
    this.fail(at, pattern ? `must be text matching ${pattern}` : 'must be non-empty text');
    return '';
  }
  num(v: unknown, at: string, min = 0, max = Number.POSITIVE_INFINITY): number {
    if (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max) return v;
    this.fail(at, `must be a number from ${min} to ${max}`);
    return Number.NaN;
  }
  date(v: unknown, at: string): string {
    if (typeof v === 'string' && parseIsoDate(v)) return v;
    this.fail(at, 'must be a date YYYY-MM-DD');
    return '';
  }
  period(o: Obj, at: string): Period {
    const from = this.date(o.from, `${at}.from`);
    const to = o.to === null ? null : this.date(o.to, `${at}.to`);
    if (from && to && to <= from) this.fail(at, `ends (${to}) before it starts (${from})`);
    return { from, to };
  }
  types(v: unknown, at: string): CustomerType[] {
    return this.list(v, at).map((t, i) => {
      if (CUSTOMER_TYPES.includes(t as CustomerType)) return t as CustomerType;
      this.fail(`${at}[${i}]`, `must be one of ${CUSTOMER_TYPES.join(', ')}`);
      return 'household';
    });
  }
  source(v: unknown, at: string): LegalSource {
    const o = this.obj(v, at);
    const name = this.str(o.name, `${at}.name`);
    const url = this.str(o.url, `${at}.url`, /^https:\/\//);
    return o.evidence === undefined
      ? { name, url }
      : { name, url, evidence: this.str(o.evidence, `${at}.evidence`) };
  }
  /** A dated list whose periods must not overlap, since one date must have one answer. */
  dated<T extends Period>(v: unknown, at: string, item: (o: Obj, at: string) => T): T[] {
    const items = this.list(v, at).map((x, i) => item(this.obj(x, `${at}[${i}]`), `${at}[${i}]`));
    const sorted = [...items].sort((a, b) => (a.from < b.from ? -1 : 1));
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1] as T;
      const cur = sorted[i] as T;
      if (prev.to === null || prev.to > cur.from) this.fail(at, `periods overlap at ${cur.from}`);
    }
    return sorted;
  }
}

const COUNTY = /^\d{2}$/;
const MUNICIPALITY = /^\d{4}$/;

export const parseTaxRules = (doc: unknown): TaxRules => {
  const r = new Reader();
  const root = r.obj(doc, 'document');
  if (root.format !== TAX_RULES_FORMAT) r.fail('format', `must be "${TAX_RULES_FORMAT}"`);
  const vat = r.obj(root.vat, 'vat');
  const exemption = r.obj(vat.householdExemption, 'vat.householdExemption');
  const zone = r.obj(root.tiltakssone, 'tiltakssone');
  const county = (o: Obj, at: string): CountyPeriod => ({
    ...r.period(o, at),
    county: r.str(o.county, `${at}.county`, COUNTY),
    name: r.str(o.name, `${at}.name`),
  });
  const rules: TaxRules = {
    vatStandard: r.dated(vat.standardRate, 'vat.standardRate', (o, at) => ({
      ...r.period(o, at),
      rate: r.num(o.rate, `${at}.rate`, 0, 1),
      source: r.source(o.source, `${at}.source`),
    })),
    vatExemption: {
      customerTypes: r.types(exemption.customerTypes, 'vat.householdExemption.customerTypes'),
      counties: r
        .list(exemption.counties, 'vat.householdExemption.counties')
        .map((c, i) => county(r.obj(c, 'county'), `vat.householdExemption.counties[${i}]`)),
      source: r.source(exemption.source, 'vat.householdExemption.source'),
    },
    tiltakssone: {
      counties: r
        .list(zone.counties, 'tiltakssone.counties')
        .map((c, i) => county(r.obj(c, 'county'), `tiltakssone.counties[${i}]`)),
      municipalities: r.list(zone.municipalities, 'tiltakssone.municipalities').map((m, i) => {
        const at = `tiltakssone.municipalities[${i}]`;
        const o = r.obj(m, at);
        return {
          ...r.period(o, at),
          number: r.str(o.number, `${at}.number`, MUNICIPALITY),
          name: r.str(o.name, `${at}.name`),
        };
      }),
      exemptCustomerTypes: r.types(zone.exemptCustomerTypes, 'tiltakssone.exemptCustomerTypes'),
      reducedCustomerTypes: r.types(zone.reducedCustomerTypes, 'tiltakssone.reducedCustomerTypes'),
      source: r.source(zone.source, 'tiltakssone.source'),
    },
    elavgift: r.dated(root.elavgift, 'elavgift', (o, at) => ({
      ...r.period(o, at),
      generalOrePerKwh: r.num(o.generalOrePerKwh, `${at}.generalOrePerKwh`, 0, 200),
      reducedOrePerKwh:
        o.reducedOrePerKwh === null ? null : r.num(o.reducedOrePerKwh, `${at}.reducedOrePerKwh`, 0, 200),
      source: r.source(o.source, `${at}.source`),
    })),
    enova: r.dated(root.enova, 'enova', (o, at) => ({
      ...r.period(o, at),
      householdOrePerKwh: r.num(o.householdOrePerKwh, `${at}.householdOrePerKwh`, 0, 100),
      otherNokPerYear: r.num(o.otherNokPerYear, `${at}.otherNokPerYear`, 0, 100_000),
      source: r.source(o.source, `${at}.source`),
    })),
    stromstotte: r.dated(root.stromstotte, 'stromstotte', (o, at) => {
      if (o.basis !== 'hourly' && o.basis !== 'monthly-average')
        r.fail(`${at}.basis`, 'must be hourly or monthly-average');
      return {
        ...r.period(o, at),
        basis: o.basis === 'hourly' ? 'hourly' : 'monthly-average',
        thresholdOrePerKwh: r.num(o.thresholdOrePerKwh, `${at}.thresholdOrePerKwh`, 0, 1000),
        coverage: r.num(o.coverage, `${at}.coverage`, 0, 1),
        monthlyCapKwh: r.num(o.monthlyCapKwh, `${at}.monthlyCapKwh`, 0, 1_000_000),
        customerTypes: r.types(o.customerTypes, `${at}.customerTypes`),
        source: r.source(o.source, `${at}.source`),
      };
    }),
    norgespris: r.dated(root.norgespris, 'norgespris', (o, at) => {
      const caps = r.obj(o.monthlyCapKwh, `${at}.monthlyCapKwh`);
      const monthlyCapKwh: Partial<Record<CustomerType, number>> = {};
      for (const [k, v] of Object.entries(caps)) {
        if (!CUSTOMER_TYPES.includes(k as CustomerType))
          r.fail(`${at}.monthlyCapKwh.${k}`, 'is not a customer type');
        else monthlyCapKwh[k as CustomerType] = r.num(v, `${at}.monthlyCapKwh.${k}`, 0, 1_000_000);
      }
      return {
        ...r.period(o, at),
        priceOrePerKwh: r.num(o.priceOrePerKwh, `${at}.priceOrePerKwh`, 0, 1000),
        monthlyCapKwh,
        source: r.source(o.source, `${at}.source`),
      };
    }),
  };
  if (r.problems.length > 0) {
    throw new AppError('validation_failed', 'The electricity tax rules are not valid.', r.problems);
  }
  return rules;
};

/** The entry in force on an Oslo date, or undefined. */
export const inForce = <T extends Period>(list: readonly T[], date: string): T | undefined =>
  list.find((p) => p.from <= date && (p.to === null || date < p.to));
