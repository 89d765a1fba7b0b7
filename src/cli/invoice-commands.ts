import fs from 'node:fs';
import path from 'node:path';
import type { App } from '../app.ts';
import type { IngestDocument } from '../modules/invoices/invoice.service.ts';
import type { IngestOutcome } from '../modules/invoices/invoice.ts';
import type { Finding, ParseResult } from '../modules/invoices/ubl.ts';
import { parseUbl } from '../modules/invoices/ubl-parser.ts';
import { tooLarge } from '../modules/invoices/xml-document.ts';
import { AppError } from '../platform/errors.ts';
import { customerOf } from './customer-option.ts';
import type { CliIo } from './io.ts';

type Flags = Record<string, string | boolean | undefined>;

/** Files as given, with directories expanded to their .xml files in name order. */
export const expandFiles = (inputs: readonly string[]): string[] =>
  inputs.flatMap((input) => {
    if (!fs.existsSync(input)) throw new AppError('not_found', `${input} does not exist.`);
    if (!fs.statSync(input).isDirectory()) return [input];
    return fs
      .readdirSync(input)
      .filter((f) => f.toLowerCase().endsWith('.xml'))
      .sort()
      .map((f) => path.join(input, f));
  });

/**
 * A finding as a person reads it: the sentence first, then whether it refused the file
 * and the rule it comes from, for whoever looks the rule up.
 */
export const findingSentence = (f: Finding): string =>
  `${f.message.replace(/\.$/, '')} (${f.severity === 'fatal' ? 'refused' : 'a warning'}; rule ${f.rule}${f.at ? ` at ${f.at}` : ''}).`;

/** Reads a file, refusing one over the limit before reading it. */
const readLimited = (file: string, limit: number): Uint8Array | { tooLarge: number } => {
  const size = fs.statSync(file).size;
  return size > limit ? { tooLarge: size } : fs.readFileSync(file);
};

/**
 * `elvakt parse ehf FILE…`: the normalised invoice or the findings of each file, without
 * a database. Exit code 0 when every file was accepted, 1 when any was refused.
 */
export const parseEhfFiles = (io: CliIo, inputs: readonly string[], flags: Flags, limit: number): number => {
  let refused = 0;
  for (const file of expandFiles(inputs)) {
    const content = readLimited(file, limit);
    const result: ParseResult =
      'tooLarge' in content
        ? { ok: false, findings: [tooLarge(content.tooLarge, limit)] }
        : parseUbl(content, { maxBytes: limit });
    if (!result.ok) refused++;
    if (flags.json === true) {
      io.out(
        JSON.stringify(
          result.ok
            ? { file, accepted: true, invoice: result.value, findings: result.findings }
            : { file, accepted: false, findings: result.findings },
        ),
      );
      continue;
    }
    const head = result.ok
      ? `${file}: accepted ${result.value.kind === 'invoice' ? 'invoice' : 'credit note'} ${result.value.id} of ${result.value.issueDate}, ${(result.value.totals.payableOre / 100).toFixed(2)} ${result.value.currency} payable`
      : `${file}: refused`;
    io.out([head, ...result.findings.map((f) => `  ${findingSentence(f)}`)].join('\n'));
  }
  return refused > 0 ? 1 : 0;
};

const BATCH = 200;

/**
 * `elvakt import ehf FILE…|DIR`: stores invoices for their customer (given, or the owner
 * of the invoice's metering point), in batches of one transaction each, with a progress
 * bar on a terminal and a JSON summary with --json.
 */
export const importEhfFiles = async (
  app: App,
  io: CliIo,
  inputs: readonly string[],
  flags: Flags,
): Promise<number> => {
  const files = expandFiles(inputs);
  const limit = app.config.uploadLimitBytes;
  const given = typeof flags.customer === 'string' ? await customerOf(app, flags.customer) : undefined;
  const results: {
    file: string;
    outcome: IngestOutcome;
    id?: string | null;
    findings?: readonly Finding[];
    error?: string;
  }[] = [];
  const byCustomer = new Map<string, { file: string; doc: IngestDocument }[]>();
  const progress = io.progress && flags.json !== true ? io.progress : undefined;
  for (const file of files) {
    const content = readLimited(file, limit);
    if ('tooLarge' in content) {
      results.push({ file, outcome: 'refused', error: `larger than ${limit} bytes` });
      continue;
    }
    let customerId = given;
    let parsed: ParseResult | undefined;
    if (!customerId) {
      parsed = parseUbl(content, { maxBytes: limit });
      const mp = parsed.ok ? parsed.value.meteringPointIds[0] : undefined;
      const owners = mp ? await app.services.metering.findByMeteringPointId(mp) : [];
      if (!parsed.ok) {
        results.push({ file, outcome: 'refused', findings: parsed.findings });
        continue;
      }
      if (owners.length !== 1) {
        results.push({
          file,
          outcome: 'refused',
          error:
            owners.length === 0
              ? 'no customer has its metering point; give --customer'
              : 'several customers have its metering point; give --customer',
        });
        continue;
      }
      customerId = (owners[0] as { customerId: string }).customerId;
    }
    const list = byCustomer.get(customerId) ?? [];
    list.push({ file, doc: parsed ? { content, parsed } : { content } });
    byCustomer.set(customerId, list);
  }
  let done = results.length;
  for (const [customerId, list] of byCustomer) {
    for (let i = 0; i < list.length; i += BATCH) {
      const batch = list.slice(i, i + BATCH);
      const reports = await app.services.invoices.importDocuments(
        customerId,
        batch.map((b) => b.doc),
        { actor: 'cli', source: 'file' },
      );
      for (const [n, r] of reports.entries()) {
        results.push({
          file: (batch[n] as { file: string }).file,
          outcome: r.outcome,
          id: r.id,
          findings: r.findings,
        });
      }
      done += batch.length;
      progress?.(bar(done, files.length));
    }
  }
  if (progress) progress('');
  const totals: Record<IngestOutcome, number> = {
    stored: 0,
    duplicate: 0,
    not_electricity: 0,
    too_old: 0,
    refused: 0,
  };
  for (const r of results) totals[r.outcome]++;
  if (flags.json === true) io.out(JSON.stringify({ files: files.length, ...totals, results }, null, 2));
  else {
    io.out(
      [
        ...results
          .filter((r) => r.outcome === 'refused')
          .flatMap((r) => [
            `${r.file}: refused${r.error ? ` (${r.error})` : ''}`,
            ...(r.findings ?? []).map((f) => `  ${findingSentence(f)}`),
          ]),
        `${files.length} files: ${totals.stored} stored, ${totals.duplicate} already stored, ${totals.not_electricity} not from an electricity company (dropped unread), ${totals.too_old} older than 16 months (dropped), ${totals.refused} refused.`,
      ].join('\n'),
    );
  }
  return totals.refused > 0 ? 1 : 0;
};

const bar = (done: number, total: number): string => {
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
};
