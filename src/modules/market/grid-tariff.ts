import { parse as parseYaml, YAMLParseError } from 'yaml';
import { AppError, type ErrorDetail } from '../../platform/errors.ts';
import { parseIsoDate } from '../../platform/time.ts';
import {
  type CustomerGroup,
  DAYS,
  type DayKind,
  type EnergyException,
  type FixedMethod,
  GROUP_OF,
  GROUPS,
  type GridTariff,
  type GridTariffFile,
  METHODS,
  MONTHS,
} from './grid-tariff-types.ts';
import type { CustomerType } from './tax-rules-data.ts';

/**
 * Grid tariffs in the Fri nettleie format (github.com/kraftsystemet/fri-nettleie, data
 * CC-BY-4.0, credit "Fri nettleie"): one YAML file per grid company or tariff area, with
 * a list of tariffs by customer group and period. Prices in the files are without VAT and
 * without the state's levies; the fixed part is NOK a year per capacity step, the energy
 * part øre/kWh with exceptions by hour, day kind and month. The reader checks everything
 * it will later rely on and names the place of every problem.
 */
export * from './grid-tariff-types.ts';

type Obj = Record<string, unknown>;

/** `6-21`, `22-5` (across midnight), `7`, or a list of these; a span includes its upper hour. */
const parseHours = (v: unknown): boolean[] | undefined => {
  const flags = new Array<boolean>(24).fill(false);
  const parts = Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : [v];
  for (const part of parts) {
    const text = String(part).trim();
    const m = /^(\d{1,2})(?:\s*-\s*(\d{1,2}))?$/.exec(text);
    if (!m || (typeof part !== 'string' && typeof part !== 'number')) return undefined;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from > 23 || to > 23) return undefined;
    for (let h = from; ; h = (h + 1) % 24) {
      flags[h] = true;
      if (h === to) break;
    }
  }
  return flags;
};

const isDate = (v: unknown): v is string => typeof v === 'string' && parseIsoDate(v) !== undefined;

const readTariff = (t: Obj, at: string, fail: (at: string, message: string) => void): GridTariff => {
  const groups = Array.isArray(t.kundegrupper) ? t.kundegrupper : [];
  if (groups.length === 0) fail(`${at}.kundegrupper`, 'must list at least one customer group');
  groups.forEach((g, i) => {
    if (!GROUPS.includes(g as CustomerGroup))
      fail(`${at}.kundegrupper[${i}]`, `unknown customer group "${g}"`);
  });
  if (!isDate(t.gyldig_fra)) fail(`${at}.gyldig_fra`, 'must be a date YYYY-MM-DD');
  const to = t.gyldig_til === undefined || t.gyldig_til === null || t.gyldig_til === '' ? null : t.gyldig_til;
  if (to !== null && !isDate(to)) fail(`${at}.gyldig_til`, 'must be a date YYYY-MM-DD or left out');
  if (isDate(t.gyldig_fra) && isDate(to) && to <= t.gyldig_fra)
    fail(`${at}.gyldig_til`, 'must be after gyldig_fra');
  const fixed = (t.fastledd ?? {}) as Obj;
  if (!METHODS.includes(fixed.metode as FixedMethod)) {
    fail(`${at}.fastledd.metode`, `unknown method "${String(fixed.metode)}"; known: ${METHODS.join(', ')}`);
  }
  const included = fixed.terskel_inkludert;
  if (included !== true && included !== false && included !== null) {
    fail(`${at}.fastledd.terskel_inkludert`, 'must be true or false');
  }
  const steps = (Array.isArray(fixed.terskler) ? fixed.terskler : []).map((s: Obj, i) => {
    const threshold = s?.terskel;
    const price = s?.pris;
    if (typeof threshold !== 'number' || !(threshold >= 0))
      fail(`${at}.fastledd.terskler[${i}].terskel`, 'must be ≥ 0');
    if (typeof price !== 'number' || !(price >= 0))
      fail(`${at}.fastledd.terskler[${i}].pris`, 'must be NOK ≥ 0');
    return { threshold: Number(threshold), nokPerYearExVat: Number(price) };
  });
  steps.sort((a, b) => a.threshold - b.threshold);
  if (steps[0]?.threshold !== 0) fail(`${at}.fastledd.terskler`, 'must start with a step at terskel 0');
  if (new Set(steps.map((s) => s.threshold)).size !== steps.length) {
    fail(`${at}.fastledd.terskler`, 'has the same terskel twice');
  }
  const energy = (t.energiledd ?? {}) as Obj;
  if (typeof energy.grunnpris !== 'number' || !Number.isFinite(energy.grunnpris)) {
    fail(`${at}.energiledd.grunnpris`, 'must be øre/kWh');
  }
  const exceptions = (Array.isArray(energy.unntak) ? energy.unntak : []).map((u: Obj, i): EnergyException => {
    const where = `${at}.energiledd.unntak[${i}]`;
    if (u?.tillegg !== undefined)
      fail(`${where}.tillegg`, 'surcharges are not part of the format; give pris');
    if (typeof u?.pris !== 'number' || !Number.isFinite(u.pris)) fail(`${where}.pris`, 'must be øre/kWh');
    const hours = u?.timer === undefined || u.timer === null ? null : parseHours(u.timer);
    if (hours === undefined)
      fail(`${where}.timer`, `"${String(u.timer)}" is not an hour or span such as 6-21`);
    const days = u?.dager === undefined || u.dager === null ? null : Array.isArray(u.dager) ? u.dager : [];
    days?.forEach((d, j) => {
      if (!DAYS.includes(d as DayKind)) fail(`${where}.dager[${j}]`, `unknown day kind "${d}"`);
    });
    const months =
      u?.måneder === undefined || u.måneder === null ? null : Array.isArray(u.måneder) ? u.måneder : [];
    const monthNumbers = months?.map((m, j) => {
      const n = MONTHS.indexOf(m as (typeof MONTHS)[number]);
      if (n < 0) fail(`${where}.måneder[${j}]`, `unknown month "${m}"`);
      return n + 1;
    });
    return {
      name: typeof u?.navn === 'string' ? u.navn : `unntak ${i + 1}`,
      oreExVat: Number(u?.pris),
      hours: hours ?? null,
      days: days as DayKind[] | null,
      months: monthNumbers ?? null,
    };
  });
  return {
    name: typeof t.navn === 'string' ? t.navn : null,
    customerGroups: groups as CustomerGroup[],
    validFrom: String(t.gyldig_fra),
    validTo: to as string | null,
    fixed: {
      method: fixed.metode as FixedMethod,
      thresholdIncluded: (included ?? null) as boolean | null,
      steps,
    },
    energy: { baseOreExVat: Number(energy.grunnpris), exceptions },
  };
};

export const readGridTariffYaml = (text: string, fileName = 'the tariff file'): GridTariffFile => {
  let doc: unknown;
  try {
    doc = parseYaml(text, { uniqueKeys: true });
  } catch (e) {
    const at = e instanceof YAMLParseError && e.linePos ? `line ${e.linePos[0].line}` : undefined;
    throw new AppError('validation_failed', `${fileName} is not YAML.`, [
      {
        ...(at ? { at } : {}),
        message: e instanceof Error ? (e.message.split('\n')[0] ?? '') : 'unreadable',
      },
    ]);
  }
  const problems: ErrorDetail[] = [];
  const fail = (at: string, message: string) => problems.push({ at, message });
  const root = (doc && typeof doc === 'object' && !Array.isArray(doc) ? doc : {}) as Obj;
  if (typeof root.netteier !== 'string' || root.netteier.trim() === '')
    fail('netteier', 'must name the grid owner');
  const gln = Array.isArray(root.gln) ? root.gln.map(String) : [];
  if (!Array.isArray(root.gln)) fail('gln', 'must be a list (empty if unknown)');
  gln.forEach((g, i) => {
    if (!/^7\d{12}$/.test(g)) fail(`gln[${i}]`, 'must be 13 digits starting with 7');
  });
  if (!isDate(root.sist_oppdatert)) fail('sist_oppdatert', 'must be a date YYYY-MM-DD');
  const sources = Array.isArray(root.kilder) ? root.kilder.map(String) : [];
  if (sources.length === 0) fail('kilder', 'must list at least one source');
  if (!Array.isArray(root.tariffer) || root.tariffer.length === 0)
    fail('tariffer', 'must list at least one tariff');
  const tariffs = (Array.isArray(root.tariffer) ? root.tariffer : []).map((t, i) =>
    readTariff((t ?? {}) as Obj, `tariffer[${i}]`, fail),
  );
  tariffs.forEach((a, i) => {
    tariffs.slice(i + 1).forEach((b, k) => {
      const shared = a.customerGroups.some((g) => b.customerGroups.includes(g)) && a.name === b.name;
      const overlap =
        (a.validTo === null || b.validFrom < a.validTo) && (b.validTo === null || a.validFrom < b.validTo);
      if (shared && overlap)
        fail(`tariffer[${i + k + 1}]`, `overlaps tariffer[${i}] for the same customer group`);
    });
  });
  if (problems.length > 0)
    throw new AppError('validation_failed', `${fileName} is not a valid grid tariff.`, problems);
  return { owner: String(root.netteier).trim(), gln, updated: String(root.sist_oppdatert), sources, tariffs };
};

/** The tariff for a customer type on an Oslo date; `name` picks one of several tariff areas. */
export const tariffFor = (
  file: GridTariffFile,
  customerType: CustomerType,
  date: string,
  name?: string,
): GridTariff | undefined => {
  const group = GROUP_OF[customerType];
  const found = file.tariffs.filter(
    (t) =>
      t.customerGroups.includes(group) &&
      t.validFrom <= date &&
      (t.validTo === null || date < t.validTo) &&
      (name === undefined || t.name === name),
  );
  if (found.length > 1) {
    throw new AppError(
      'validation_failed',
      `${file.owner} has ${found.length} tariffs on ${date}; name one.`,
    );
  }
  return found[0];
};
