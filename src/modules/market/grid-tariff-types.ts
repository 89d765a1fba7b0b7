import type { CustomerType } from './tax-rules-data.ts';

/** The shapes of a Fri nettleie tariff file once read; see grid-tariff.ts. */
export type CustomerGroup = 'husholdning' | 'fritid' | 'liten_næring';
export type FixedMethod = 'TRE_DØGNMAX_MND' | 'MND_MAX' | 'OV_TREFASE' | 'FEM_VEKTET_ÅR' | 'UKJENT';
export type DayKind =
  | 'mandag'
  | 'tirsdag'
  | 'onsdag'
  | 'torsdag'
  | 'fredag'
  | 'lørdag'
  | 'søndag'
  | 'ukedag'
  | 'helg'
  | 'helligdager'
  | 'fridag'
  | 'virkedag'
  | 'alle';

export const GROUP_OF: Readonly<Record<CustomerType, CustomerGroup>> = {
  household: 'husholdning',
  cabin: 'fritid',
  business: 'liten_næring',
};
export const GROUPS: readonly CustomerGroup[] = ['husholdning', 'fritid', 'liten_næring'];
export const METHODS: readonly FixedMethod[] = [
  'TRE_DØGNMAX_MND',
  'MND_MAX',
  'OV_TREFASE',
  'FEM_VEKTET_ÅR',
  'UKJENT',
];
export const DAYS: readonly DayKind[] = [
  'mandag',
  'tirsdag',
  'onsdag',
  'torsdag',
  'fredag',
  'lørdag',
  'søndag',
  'ukedag',
  'helg',
  'helligdager',
  'fridag',
  'virkedag',
  'alle',
];
export const MONTHS = [
  'januar',
  'februar',
  'mars',
  'april',
  'mai',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
  'desember',
] as const;

export interface CapacityStep {
  /** Lower bound: kW, or amperes of the main fuse for OV_TREFASE. */
  readonly threshold: number;
  readonly nokPerYearExVat: number;
}

export interface EnergyException {
  readonly name: string;
  readonly oreExVat: number;
  /** 24 flags by Oslo wall-clock hour, or null for every hour. */
  readonly hours: readonly boolean[] | null;
  readonly days: readonly DayKind[] | null;
  /** 1–12, or null for every month. */
  readonly months: readonly number[] | null;
}

export interface GridTariff {
  readonly name: string | null;
  readonly customerGroups: readonly CustomerGroup[];
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly fixed: {
    readonly method: FixedMethod;
    /** True: a value exactly on a threshold belongs to the step above. Null where unknown. */
    readonly thresholdIncluded: boolean | null;
    readonly steps: readonly CapacityStep[];
  };
  readonly energy: { readonly baseOreExVat: number; readonly exceptions: readonly EnergyException[] };
}

export interface GridTariffFile {
  readonly owner: string;
  readonly gln: readonly string[];
  readonly updated: string;
  readonly sources: readonly string[];
  readonly tariffs: readonly GridTariff[];
}
