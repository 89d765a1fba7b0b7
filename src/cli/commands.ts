import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { App } from '../app.ts';
import { StaffOidcRepository } from '../modules/auth/staff-oidc.repository.ts';
import { StaffOidcSignInService } from '../modules/auth/staff-oidc-sign-in.service.ts';
import { StaffSecondFactorService } from '../modules/auth/staff-second-factor.service.ts';
import { StaffTotpRepository } from '../modules/auth/staff-totp.repository.ts';
import { type PriceArea, parsePriceArea } from '../modules/identity/price-area.ts';
import { readNorgesBankRates } from '../modules/market/spot.ts';
import { describeDisagreement } from '../modules/market/spot-resolution.ts';
import { readElhubCsv, recordingConsumption } from '../modules/metering/readers.ts';
import type { BasisKind } from '../modules/savings/basis-kind.ts';
import { FIRST_PASSWORD_HOURS, generatedPassword } from '../modules/staff/staff.service.ts';
import { Keyring } from '../platform/crypto/keyring.ts';
import { KeysRepository } from '../platform/crypto/keys.repository.ts';
import { loadMasterKey, prepareNextKey, promoteNextKey } from '../platform/crypto/master-key.ts';
import { transactor } from '../platform/db/database.ts';
import { AppError } from '../platform/errors.ts';
import { decodeTextOrThrow } from '../platform/text-decoding.ts';
import { customerOf } from './customer-option.ts';
import { importEhfFiles } from './invoice-commands.ts';
import type { CliIo } from './io.ts';
import { UsageError, usage } from './io.ts';
import { PRICE_HELP, priceOptions } from './price-command.ts';
import { REGISTER_HELP, registerUpdateOptions } from './register-command.ts';

export const HELP = `elvakt: privacy-first savings analysis for Norwegian electricity customers

Commands:
  elvakt serve                          run the web server (and seed the demo on an empty database)
  elvakt migrate                        apply database migrations
  elvakt import elhub-csv FILE… --metering-point ID [--json]
                                        store an Elhub "Min side" CSV export for a metering point
  elvakt import meter-recording FILE… --metering-point ID [--json]
                                        store a household meter recording (JSON) for a metering point
  elvakt import spot FILE… [--area NO1..NO5] [--rates FILE] [--json]
                                        store spot prices (our JSON or CSV, an ENTSO-E A44 document, a meter recording, or EUR/MWh with rates)
  elvakt import offers FILE… [--json]   store contract offers (format elvakt-offers/1)
  elvakt parse ehf FILE|DIR… [--json]   check EHF / PEPPOL BIS 3 invoices and print each normalised
                                        invoice or its findings (JSON Lines with --json); no database;
                                        exit code 1 when any file is refused
  elvakt import ehf FILE|DIR… [--customer ID|E-MAIL] [--json]
                                        store EHF invoices (electricity companies only, 16 months
                                        back); without --customer the owner of the invoice's
                                        metering point; a progress bar on a terminal
  elvakt invoices fetch --customer ID|E-MAIL [--json]
                                        fetch a customer's electricity invoices from the bank now
                                        (needs the power of attorney for invoice fetching)
  elvakt savings --metering-point ID [--json]
                                        the yearly saving of a metering point under every offer
${PRICE_HELP}
  elvakt audit verify                   check the audit log's hash chain
  elvakt sweep retention [--dry-run] [--batch N] [--progress] [--json]
                                        delete every record whose retention rule has run out
  elvakt keys rotate [--json]           re-wrap every data key under a new master key (see the README)
  elvakt staff add --username U --name N --role customer_service|dpo|admin
                                        create a staff account; prints a first password once, to hand
                                        over in person: it works for 72 hours, only to choose one's own
  elvakt staff reset-password --username U
                                        a forgotten password: a new first password, the sessions end
  elvakt staff reset-totp --username U  forget an account's second factor (a lost phone); it enrols anew
  elvakt staff disable --username U     end an account when the employment ends: its sessions end now,
                                        nothing signs in to it, its personal data goes after 6 months
  elvakt staff enable --username U      restore an account ended in error, before its data is removed
  elvakt staff unlink-sso --username U  forget the company provider account tied to a staff account
                                        (a replaced one); the next single sign-on ties it anew
${REGISTER_HELP}
  elvakt bench privacy [--subjects N] [--json]
                                        time access export and erasure per subject on the embedded database
  elvakt bench ingest [--invoices N] [--json]
                                        parse, check and store generated electricity invoices on the
                                        embedded database, against a bare fast-xml-parser parse
  elvakt bench export [--invoices N] [--json]
                                        download one household with N invoices (3,000) as PDF, JSON,
                                        CSV, the signed package and the DPO's extract, polling /helse
                                        meanwhile, against a bare pdfkit render of as many lines
  elvakt bench pages [--runs N] [--json]
                                        server time of each main page over HTTP with the demo data
                                        (median and p95 against the 50 ms target)
  elvakt bench engine [--n N] [--reference-data DIR [--reference]] [--workers K] [--repeat R] [--json]
                                        price N metering points × a year of hours × 200 offers with the batch
                                        engine against the numpy peer (python3 with numpy); fails if the
                                        checksums differ by more than 1e-6
  elvakt worker                         run the scheduled jobs (message delivery, retention) without the web server
  elvakt version                        print the version
  elvakt help                           print this list

A customer (--customer) is given by its ID or its e-mail address. Log lines go to standard
error; on a terminal only warnings and errors, unless --verbose (-v) or LOG_LEVEL asks for more.
Exit codes: 0 done, 1 refused or failed, 2 wrong usage or an unknown command, 3 the data
folder is in use by another process.
`;

/**
 * What each command needs, checked before anything is opened: a wrong command or a missing
 * argument is told at once, never after waiting for the database or the data folder's lock.
 * `database: false` commands run without the data folder (the benchmarks open a throwaway
 * database of their own in a temporary folder).
 */
interface CommandSpec {
  readonly database: boolean;
  readonly files?: boolean;
  readonly required?: readonly string[];
}

const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  help: { database: false },
  version: { database: false },
  'parse ehf': { database: false, files: true },
  price: { database: false },
  'register update': { database: false },
  'bench engine': { database: false },
  'bench pages': { database: false },
  'bench export': { database: false },
  'bench ingest': { database: false },
  'bench privacy': { database: false },
  serve: { database: true },
  worker: { database: true },
  migrate: { database: true },
  'import elhub-csv': { database: true, files: true, required: ['metering-point'] },
  'import meter-recording': { database: true, files: true, required: ['metering-point'] },
  'import spot': { database: true, files: true },
  'import offers': { database: true, files: true },
  'import ehf': { database: true, files: true },
  'invoices fetch': { database: true, required: ['customer'] },
  savings: { database: true, required: ['metering-point'] },
  'audit verify': { database: true },
  'sweep retention': { database: true },
  'keys rotate': { database: true },
  'staff add': { database: true, required: ['username', 'name', 'role'] },
  'staff reset-password': { database: true, required: ['username'] },
  'staff reset-totp': { database: true, required: ['username'] },
  'staff disable': { database: true, required: ['username'] },
  'staff enable': { database: true, required: ['username'] },
  'staff unlink-sso': { database: true, required: ['username'] },
};

/** An unknown command: answered with the list of commands, exit code 2, and nothing opened. */
export class UnknownCommandError extends UsageError {}

/**
 * Checks a parsed command against its spec and says whether it needs the database. Throws
 * a usage error (exit code 2) for an unknown command or a missing argument.
 */
export const checkCommand = (cmd: ParsedCommand): { readonly database: boolean } => {
  const spec = COMMANDS[cmd.name];
  if (!spec) {
    const [group] = cmd.name.split(' ');
    const within = Object.keys(COMMANDS)
      .filter((c) => c.startsWith(`${group} `))
      .map((c) => `elvakt ${c}`);
    throw new UnknownCommandError(
      within.length > 0
        ? `Unknown command: elvakt ${cmd.name}. Did you mean ${within.join(' or ')}?`
        : `Unknown command: elvakt ${cmd.name}.`,
    );
  }
  if (spec.files && cmd.files.length === 0) usage(`elvakt ${cmd.name} needs one or more files or folders`);
  for (const flag of spec.required ?? [])
    if (typeof cmd.flags[flag] !== 'string' || cmd.flags[flag] === '')
      usage(`elvakt ${cmd.name} needs --${flag}`);
  return { database: spec.database };
};

type Flags = Record<string, string | boolean | undefined>;

const readFileLimited = (file: string, limit: number): string => {
  const size = fs.statSync(file).size;
  if (size > limit)
    throw new AppError('payload_too_large', `${path.basename(file)} is larger than ${limit} bytes.`);
  return decodeTextOrThrow(fs.readFileSync(file), path.basename(file));
};

/** One file after another: imports are transactions of their own and must not interleave. */
const eachFile = async <T>(files: readonly string[], work: (file: string) => Promise<T>): Promise<T[]> => {
  const out: T[] = [];
  for (const file of files) out.push(await work(file));
  return out;
};

const print = (io: CliIo, json: boolean, value: unknown, human: () => string): void => {
  io.out(json ? JSON.stringify(value, null, 2) : human());
};

/** The one customer who has this metering point; several owners must be told apart with --customer. */
const ownerOf = async (app: App, meteringPointId: string): Promise<{ id: string; customerId: string }> => {
  const found = await app.services.metering.findByMeteringPointId(meteringPointId);
  if (found.length === 0) throw new AppError('not_found', 'No customer has this metering point.');
  if (found.length > 1) throw new AppError('conflict', 'Several customers have this metering point.');
  return found[0] as { id: string; customerId: string };
};

const importConsumption = async (
  app: App,
  io: CliIo,
  files: string[],
  flags: Flags,
  kind: string,
): Promise<number> => {
  const mp =
    typeof flags['metering-point'] === 'string'
      ? flags['metering-point']
      : usage('--metering-point is required');
  const owner = await ownerOf(app, mp);
  const results = await eachFile(files, async (file) => {
    const text = readFileLimited(file, app.config.uploadLimitBytes);
    const read = kind === 'elhub-csv' ? readElhubCsv(text) : recordingConsumption(text);
    const report = await app.services.metering.importRead(owner.customerId, owner.id, read, `cli:${kind}`);
    return { file: path.basename(file), ...report };
  });
  print(io, flags.json === true, { imported: results }, () =>
    results
      .map(
        (r) =>
          `${r.file}: stored ${r.stored} hours in ${r.months.length} months, ${r.gaps} gaps, ${r.rejected.length} refused`,
      )
      .join('\n'),
  );
  return results.every((r) => r.stored > 0 || r.rejected.length === 0) ? 0 : 1;
};

const importSpot = async (app: App, io: CliIo, files: string[], flags: Flags): Promise<number> => {
  const area =
    typeof flags.area === 'string'
      ? (parsePriceArea(flags.area) ?? usage('--area must be NO1 to NO5'))
      : undefined;
  const rates =
    typeof flags.rates === 'string'
      ? readNorgesBankRates(readFileLimited(flags.rates, app.config.uploadLimitBytes))
      : undefined;
  const results = await eachFile(files, async (file) => {
    const report = await app.services.market.importSpot(readFileLimited(file, app.config.uploadLimitBytes), {
      ...(area ? { area: area as PriceArea } : {}),
      ...(rates ? { rates } : {}),
    });
    return { file: path.basename(file), ...report };
  });
  print(io, flags.json === true, { imported: results }, () =>
    results
      .map(
        (r) =>
          `${r.file}: stored ${r.stored} prices (${r.estimated} converted from EUR); of the hours it covers, it prices ${r.pricing}, ${r.keptBetter} keep a better or earlier source, ${r.unpriced} have no whole price; ${r.rejected.length} refused${r.disagreements
            .map((d) => `\n  Finding: ${describeDisagreement(d)}`)
            .join('')}`,
      )
      .join('\n'),
  );
  return 0;
};

const importOffers = async (app: App, io: CliIo, files: string[], flags: Flags): Promise<number> => {
  const results = await eachFile(files, async (file) => {
    const report = await app.services.market.importOffers(readFileLimited(file, app.config.uploadLimitBytes));
    return { file: path.basename(file), ...report };
  });
  print(io, flags.json === true, { imported: results }, () =>
    results.map((r) => `${r.file}: stored ${r.stored} offers`).join('\n'),
  );
  return 0;
};

const fetchInvoices = async (app: App, io: CliIo, flags: Flags): Promise<number> => {
  const customerId = await customerOf(
    app,
    typeof flags.customer === 'string' ? flags.customer : usage('--customer is required'),
  );
  const r = await app.services.invoiceFetch.fetchFor(customerId, 'cli');
  print(io, flags.json === true, r, () =>
    [
      `Listed ${r.listed} e-invoices: ${r.notElectricity} not from an electricity company and ${r.tooOld} older than 16 months (neither fetched), ${r.alreadyStored} already stored, ${r.fetched} fetched.`,
      `Stored ${r.outcomes.stored}, duplicates ${r.outcomes.duplicate}, refused ${r.outcomes.refused}.`,
    ].join('\n'),
  );
  return r.outcomes.refused > 0 ? 1 : 0;
};

/** The basis in words, so a standard profile is never read as measured on the terminal either. */
const basisInWords = (kind: BasisKind): string => {
  switch (kind.kind) {
    case 'measured':
      return 'measured hourly values from the meter.';
    case 'profile':
      return `a standard load profile scaled to ${Math.round(kind.annualKwh)} kWh a year (${
        kind.source === 'invoices' ? 'from the invoices' : 'a standard year'
      }); no measured hourly values yet.`;
  }
};

const savings = async (app: App, io: CliIo, flags: Flags): Promise<number> => {
  const mp =
    typeof flags['metering-point'] === 'string'
      ? flags['metering-point']
      : usage('--metering-point is required');
  const owner = await ownerOf(app, mp);
  const s = await app.services.savings.forMeteringPoint(owner.customerId, owner.id);
  const r = s.result;
  const value = {
    meteringPointId: s.meteringPoint.meteringPointId,
    priceArea: s.meteringPoint.priceArea,
    vatRate: s.vat.rate,
    currentOfferId: r.current?.offer.id ?? null,
    bestOfferId: r.best?.offer.id ?? null,
    yearlySavingOre: r.yearlySavingOre,
    basis: r.basis,
    offers: r.offers.map((o) => ({
      id: o.offer.id,
      supplier: o.offer.supplierName,
      name: o.offer.name,
      type: o.offer.productType,
      energyOre: o.energyOre,
      markupOre: o.markupOre,
      feeOre: o.feeOre,
      vatOre: o.vatOre,
      totalOre: o.totalOre,
      yearlyOre: o.yearlyOre,
    })),
  };
  print(io, flags.json === true, value, () =>
    [
      `Metering point ${value.meteringPointId} (${value.priceArea}), ${r.basis.pricedHours} hours priced, ${r.basis.from} to ${r.basis.to}`,
      `Basis: ${basisInWords(r.basis.kind)}`,
      ...value.offers.map(
        (o) => `  ${(o.yearlyOre / 100).toFixed(2).padStart(12)} NOK/year  ${o.supplier}: ${o.name}`,
      ),
      value.yearlySavingOre === null
        ? 'No current contract set: no saving to show.'
        : `Yearly saving: ${(value.yearlySavingOre / 100).toFixed(2)} NOK`,
    ].join('\n'),
  );
  return 0;
};

const sweepRetention = async (app: App, io: CliIo, flags: Flags): Promise<number> => {
  const batch = typeof flags.batch === 'string' ? Number(flags.batch) : undefined;
  if (batch !== undefined && (!Number.isInteger(batch) || batch < 1))
    usage('--batch must be a positive integer');
  const sweeper = batch ? app.services.retention.withBatchSize(batch) : app.services.retention;
  const report = await sweeper.run({
    dryRun: flags['dry-run'] === true,
    ...(flags.progress === true
      ? { onBatch: (table: string, n: number) => io.out(`batch ${table} ${n}`) }
      : {}),
  });
  print(io, flags.json === true, report, () =>
    [
      report.dryRun ? 'Dry run: nothing was deleted. Would delete:' : 'Deleted:',
      ...Object.entries(report.byCategory).map(([c, n]) => `  ${c}: ${n}`),
      ...(Object.keys(report.byCategory).length === 0 ? ['  nothing'] : []),
      `Keys destroyed: ${report.keysDestroyed}. Interrupted or held erasures completed: ${report.erasuresCompleted}. Message copies of erased people removed: ${report.copiesForgotten}.`,
    ].join('\n'),
  );
  return 0;
};

/**
 * With ELVAKT_MASTER_KEY set, the operator has put the new key there and the old one in
 * ELVAKT_OLD_MASTER_KEY. With the key file, a next key is made beside it, every data key is
 * re-wrapped, and only then does the next key replace the file; a stopped run resumes.
 */
const rotateKeys = async (app: App, io: CliIo, flags: Flags): Promise<number> => {
  const progress = (n: number) => {
    if (flags.progress === true) io.out(`re-wrapped ${n}`);
  };
  let count: number;
  let keyId: string;
  if (app.config.masterKey) {
    if (!app.config.oldMasterKey) {
      return usage(
        'set ELVAKT_MASTER_KEY to the new key and ELVAKT_OLD_MASTER_KEY to the one being replaced',
      );
    }
    count = await app.keyring.rewrapAll(500, progress);
    keyId = app.keyring.masterKeyId;
  } else {
    const current = loadMasterKey(undefined, app.config.dataDir);
    const next = prepareNextKey(app.config.dataDir);
    const keyring = new Keyring(next, new KeysRepository(app.store.keys), [current]);
    count = await keyring.rewrapAll(500, progress);
    promoteNextKey(app.config.dataDir);
    keyId = keyring.masterKeyId;
  }
  await app.services.audit.recordSystem('keys.rotated', { rewrapped: count, masterKeyId: keyId });
  print(io, flags.json === true, { rewrapped: count, masterKeyId: keyId }, () =>
    [
      `Re-wrapped ${count} keys under master key ${keyId}. The data was not re-encrypted.`,
      app.config.masterKey
        ? 'Now remove ELVAKT_OLD_MASTER_KEY and destroy the old key.'
        : `The new key is in ${app.config.dataDir}/master.key.`,
    ].join('\n'),
  );
  return 0;
};

const addStaff = async (app: App, io: CliIo, flags: Flags): Promise<number> => {
  const username = typeof flags.username === 'string' ? flags.username : usage('--username is required');
  const name = typeof flags.name === 'string' ? flags.name : usage('--name is required');
  const role = typeof flags.role === 'string' ? flags.role : usage('--role is required');
  const password = generatedPassword();
  await app.services.staff.create({ username, name, roles: role.split(','), password }, 'cli', {
    firstPassword: true,
  });
  io.out(`Created ${username}. First password (shown once; hand it over in person): ${password}`);
  io.out(
    `It works for ${FIRST_PASSWORD_HOURS} hours and only to choose ${username}'s own password; the second factor is set up next.`,
  );
  return 0;
};

/** A replaced account at the company's identity provider: the old tie is forgotten, audited. */
const unlinkStaffSso = async (app: App, io: CliIo, flags: Flags): Promise<number> => {
  const username = typeof flags.username === 'string' ? flags.username : usage('--username is required');
  const service = new StaffOidcSignInService(
    transactor(app.store.db),
    new StaffOidcRepository(app.store.db),
    app.services.staff,
    app.keyring,
    app.services.audit,
    app.clock,
    app.config.staffOidc?.claim ?? '',
  );
  if (!(await service.unlink(username, 'cli')))
    throw new AppError('not_found', `No staff account ${username}.`);
  io.out(`${username} is tied to no provider account now; the next single sign-on ties it anew.`);
  return 0;
};

/** A forgotten password: a new first password to hand over, and every session of the account ends. */
const resetStaffPassword = async (app: App, io: CliIo, flags: Flags): Promise<number> => {
  const username = typeof flags.username === 'string' ? flags.username : usage('--username is required');
  const password = await app.services.staff.issueFirstPassword(username, 'cli');
  if (!password) throw new AppError('not_found', `No staff account ${username}.`);
  io.out(`New first password for ${username} (shown once; hand it over in person): ${password}`);
  io.out(`It works for ${FIRST_PASSWORD_HOURS} hours; ${username}'s sessions have ended.`);
  return 0;
};

/** A lost phone: the account sets up a new second factor at its next sign-in. */
const resetStaffTotp = async (app: App, io: CliIo, flags: Flags): Promise<number> => {
  const username = typeof flags.username === 'string' ? flags.username : usage('--username is required');
  const service = new StaffSecondFactorService(
    transactor(app.store.db),
    new StaffTotpRepository(app.store.db),
    app.keyring,
    app.services.audit,
    app.clock,
  );
  if (!(await service.reset(username, 'cli')))
    throw new AppError('not_found', `No staff account ${username}.`);
  io.out(`${username} sets up a new second factor at the next sign-in.`);
  return 0;
};

/** The employment ended: sessions end at once, and the retention rule counts from today. */
const disableStaff = async (app: App, io: CliIo, flags: Flags): Promise<number> => {
  const username = typeof flags.username === 'string' ? flags.username : usage('--username is required');
  const id = await app.services.staff.idOf(username);
  if (!id) throw new AppError('not_found', `No staff account ${username}.`);
  const { removeOn } = await app.services.staff.disable(id, 'cli');
  io.out(`${username} is ended: its sessions have ended and nothing signs in to it.`);
  io.out(`Its personal data is removed on ${removeOn}; until then \`elvakt staff enable\` restores it.`);
  return 0;
};

const enableStaff = async (app: App, io: CliIo, flags: Flags): Promise<number> => {
  const username = typeof flags.username === 'string' ? flags.username : usage('--username is required');
  const id = await app.services.staff.idOf(username);
  if (!id) throw new AppError('not_found', `No staff account ${username}.`);
  await app.services.staff.enable(id, 'cli');
  io.out(`${username} is restored; it signs in with its password and second factor as before.`);
  return 0;
};

const auditVerify = async (app: App, io: CliIo): Promise<number> => {
  const verdict = await app.services.audit.verify();
  if (verdict.ok) {
    io.out(`Audit chain intact: ${verdict.rows} rows.`);
    return 0;
  }
  io.err(
    `Audit chain broken at row ${verdict.firstBadId}: ${verdict.reason} (${verdict.rows} rows checked).`,
  );
  return 1;
};

export interface ParsedCommand {
  readonly name: string;
  readonly files: string[];
  readonly flags: Flags;
}

export const parseCommand = (argv: readonly string[]): ParsedCommand => {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean' },
      'metering-point': { type: 'string' },
      customer: { type: 'string' },
      area: { type: 'string' },
      rates: { type: 'string' },
      'dry-run': { type: 'boolean' },
      batch: { type: 'string' },
      progress: { type: 'boolean' },
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      subjects: { type: 'string' },
      invoices: { type: 'string' },
      ...registerUpdateOptions,
      ...priceOptions,
      n: { type: 'string' },
      hours: { type: 'string' },
      repeat: { type: 'string' },
      runs: { type: 'string' },
      'reference-data': { type: 'string' },
      reference: { type: 'boolean' },
      workers: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
      verbose: { type: 'boolean', short: 'v' },
    },
  });
  const [first, second, ...rest] = positionals;
  const grouped = [
    'import',
    'parse',
    'invoices',
    'register',
    'audit',
    'sweep',
    'keys',
    'staff',
    'bench',
  ].includes(first ?? '');
  const name = grouped ? `${first} ${second ?? ''}`.trim() : (first ?? 'help');
  const files = grouped ? rest : [second, ...rest].filter((x): x is string => !!x);
  return { name: values.help ? 'help' : values.version ? 'version' : name, files, flags: values };
};

/** Runs a command that needs the database. `serve` and `migrate` are handled by the entry point. */
export const runDataCommand = async (app: App, io: CliIo, cmd: ParsedCommand): Promise<number> => {
  const needFiles = () => (cmd.files.length > 0 ? cmd.files : usage('give one or more files'));
  switch (cmd.name) {
    case 'import elhub-csv':
    case 'import meter-recording':
      return importConsumption(app, io, needFiles(), cmd.flags, cmd.name.slice(7));
    case 'import spot':
      return importSpot(app, io, needFiles(), cmd.flags);
    case 'import offers':
      return importOffers(app, io, needFiles(), cmd.flags);
    case 'import ehf':
      return importEhfFiles(app, io, needFiles(), cmd.flags);
    case 'invoices fetch':
      return fetchInvoices(app, io, cmd.flags);
    case 'savings':
      return savings(app, io, cmd.flags);
    case 'audit verify':
      return auditVerify(app, io);
    case 'sweep retention':
      return sweepRetention(app, io, cmd.flags);
    case 'keys rotate':
      return rotateKeys(app, io, cmd.flags);
    case 'staff add':
      return addStaff(app, io, cmd.flags);
    case 'staff reset-totp':
      return resetStaffTotp(app, io, cmd.flags);
    case 'staff disable':
      return disableStaff(app, io, cmd.flags);
    case 'staff enable':
      return enableStaff(app, io, cmd.flags);
    case 'staff unlink-sso':
      return unlinkStaffSso(app, io, cmd.flags);
    case 'staff reset-password':
      return resetStaffPassword(app, io, cmd.flags);
    default:
      throw new UnknownCommandError(`Unknown command: elvakt ${cmd.name}.`);
  }
};
