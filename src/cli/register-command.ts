import fs from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_REGISTER_PATH,
  loadRegister,
  type UpdateReport,
  updateRegister,
  writeRegister,
} from '../modules/invoices/seller-register.file.ts';
import { SELLER_KINDS, type SellerKind, type SellerRegister } from '../modules/invoices/seller-register.ts';
import { FRI_NETTLEIE } from '../modules/invoices/seller-register-sources.ts';
import { osloDate } from '../platform/time.ts';
import { type CliIo, usage } from './io.ts';

/**
 * `elvakt register update`: rebuilds the electricity seller register from local copies of
 * its sources. It needs no database, so the entry point can run it before the app starts.
 */
export const REGISTER_HELP = `  elvakt register update [--fri-nettleie DIR] [--enhetsregisteret FILE] [--out FILE] [--json]
                                        rebuild the electricity seller register from Fri nettleie's
                                        tariff files and Enhetsregisteret's bulk download (registers/README.md)`;

/** The options this command adds to the command line's parser. */
export const registerUpdateOptions = {
  'fri-nettleie': { type: 'string' },
  enhetsregisteret: { type: 'string' },
  out: { type: 'string' },
} as const;

type Flags = Record<string, string | boolean | undefined>;

export interface RegisterSummary {
  readonly file: string;
  readonly entries: number;
  readonly byKind: Record<SellerKind, number>;
  readonly withOrgnr: number;
  /** Fri nettleie's grid companies that Enhetsregisteret gave an organisation number. */
  readonly gainedOrgnr: number;
  readonly sources: readonly { id: string; retrieved: string }[];
  readonly report: UpdateReport;
}

const summarise = (file: string, register: SellerRegister, report: UpdateReport): RegisterSummary => {
  const byKind = Object.fromEntries(SELLER_KINDS.map((k) => [k, 0])) as Record<SellerKind, number>;
  for (const e of register.entries) for (const k of e.kinds) byKind[k]++;
  const fromFri = register.entries.filter((e) => e.sources.some((s) => s.startsWith(`${FRI_NETTLEIE.id}:`)));
  return {
    file,
    entries: register.entries.length,
    byKind,
    withOrgnr: register.entries.filter((e) => e.orgnr !== null).length,
    gainedOrgnr: fromFri.filter((e) => e.orgnr !== null).length,
    sources: register.sources.map((s) => ({ id: s.id, retrieved: s.retrieved })),
    report,
  };
};

const describeSummary = (s: RegisterSummary): string => {
  const { friNettleie: fri, enhetsregisteret: units, carried } = s.report;
  const rejected = [...(fri?.rejected ?? []), ...(units?.rejected ?? [])];
  return [
    `Wrote ${s.file}: ${s.entries} sellers (${SELLER_KINDS.map((k) => `${s.byKind[k]} ${k}`).join(', ')}), ${s.withOrgnr} with an organisation number.`,
    ...(fri
      ? [
          `Fri nettleie: ${fri.files} tariff files, ${fri.entries} grid companies, ${s.gainedOrgnr} of them matched to an organisation number.`,
        ]
      : []),
    ...(units
      ? [
          `Enhetsregisteret: ${units.units} units read, ${units.kept} electricity sellers kept, ${units.deleted} deleted and ${units.bankrupt} bankrupt left out.`,
        ]
      : []),
    ...(carried.length > 0 ? [`Carried over from the previous register: ${carried.join(', ')}.`] : []),
    `Sources: ${s.sources.map((x) => `${x.id} (${x.retrieved})`).join(', ')}.`,
    ...(rejected.length > 0
      ? [
          `Left out as invalid (${rejected.length}):`,
          ...rejected.map((d) => `  ${d.at ? `${d.at}: ` : ''}${d.message}`),
        ]
      : []),
  ].join('\n');
};

export const registerUpdate = async (
  io: CliIo,
  flags: Flags,
  options: { today?: string } = {},
): Promise<number> => {
  const friNettleieDir = typeof flags['fri-nettleie'] === 'string' ? flags['fri-nettleie'] : undefined;
  const enhetsregisteretFile =
    typeof flags.enhetsregisteret === 'string' ? flags.enhetsregisteret : undefined;
  if (!friNettleieDir && !enhetsregisteretFile)
    usage('give --fri-nettleie DIR (a copy of its tariffer/ folder), --enhetsregisteret FILE, or both');
  const out = typeof flags.out === 'string' ? path.resolve(flags.out) : DEFAULT_REGISTER_PATH;
  // What is not re-read this time is kept from the register being replaced.
  const previous = fs.existsSync(out) ? loadRegister(out) : undefined;
  const { register, report } = await updateRegister({
    ...(friNettleieDir ? { friNettleieDir } : {}),
    ...(enhetsregisteretFile ? { enhetsregisteretFile } : {}),
    ...(previous ? { previous } : {}),
    today: options.today ?? osloDate(Date.now()),
  });
  writeRegister(out, register);
  const summary = summarise(path.relative(process.cwd(), out) || out, register, report);
  io.out(flags.json === true ? JSON.stringify(summary, null, 2) : describeSummary(summary));
  return 0;
};
