import fs from 'node:fs';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { AppError, type ErrorDetail } from '../../platform/errors.ts';
import {
  indexRegister,
  parseRegister,
  REGISTER_FORMAT,
  type RegisterEntry,
  type RegisterIndex,
  type RegisterSource,
  type SellerRegister,
} from './seller-register.ts';
import { entriesFromSource, mergeRegisters } from './seller-register-merge.ts';
import {
  ENHETSREGISTERET,
  type EnhetsregisteretRead,
  FRI_NETTLEIE,
  type FriNettleieRead,
  fromEnhetsregisteret,
  fromFriNettleie,
  sourceWithDate,
} from './seller-register-sources.ts';

/** The register shipped with the code, at the repository root. */
export const DEFAULT_REGISTER_PATH = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'registers',
  'electricity-sellers.json',
);

export const loadRegister = (file: string = DEFAULT_REGISTER_PATH): SellerRegister => {
  const name = path.basename(file);
  if (!fs.existsSync(file)) throw new AppError('not_found', `The seller register ${name} does not exist.`);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new AppError('validation_failed', `The seller register ${name} is not JSON.`, [], { cause });
  }
  return parseRegister(json);
};

/** The index invoice ingestion classifies sellers with: the shipped register unless others are named. */
export const loadRegisterIndex = (files: readonly string[] = [DEFAULT_REGISTER_PATH]): RegisterIndex =>
  indexRegister(...files.map((f) => loadRegister(f)));

/** Keys in a fixed order and a final newline, so that the file diffs line by line. */
export const formatRegister = (register: SellerRegister): string =>
  `${JSON.stringify(
    {
      format: register.format,
      generated: register.generated,
      sources: register.sources.map(({ id, title, url, licence, retrieved }) => ({
        id,
        title,
        url,
        licence,
        retrieved,
      })),
      entries: register.entries.map(({ name, orgnr, gln, kinds, sources }) => ({
        name,
        orgnr,
        gln,
        kinds,
        sources,
      })),
    },
    null,
    2,
  )}\n`;

/** Written beside the target and renamed over it: a reader sees the old file or the new, never half. */
export const writeRegister = (file: string, register: SellerRegister): void => {
  parseRegister(JSON.parse(formatRegister(register)));
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temp, formatRegister(register), { flag: 'wx' });
    fs.renameSync(temp, file);
  } finally {
    fs.rmSync(temp, { force: true });
  }
};

export const readFriNettleieDir = (dir: string): FriNettleieRead & { files: number } => {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/i.test(f))
    .map((file) => ({ file, text: fs.readFileSync(path.join(dir, file), 'utf8') }));
  if (files.length === 0) throw new AppError('not_found', `No YAML files in ${path.basename(dir)}.`);
  return { ...fromFriNettleie(files), files: files.length };
};

const notArray = () => new AppError('unsupported_format', 'The Enhetsregisteret file is not a JSON array.');

/**
 * Cuts the elements out of a JSON array that arrives in pieces. The bulk download of
 * Enhetsregisteret is one array of over a million units, too large for one JSON.parse.
 */
export class JsonArraySplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private opened = false;
  private parts: string[] = [];
  elements = 0;

  push(chunk: string, onElement: (text: string) => void): void {
    let start = this.depth >= 2 ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (this.depth === 0) {
        if (c === '[' && !this.opened) {
          this.opened = true;
          this.depth = 1;
        } else if (!/[\s\uFEFF]/.test(c ?? '')) throw notArray();
      } else if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') this.inString = false;
      } else if (c === '"') this.inString = true;
      else if (c === '{' || c === '[') {
        this.depth++;
        if (this.depth === 2) start = i;
      } else if (c === '}' || c === ']') {
        this.depth--;
        if (this.depth === 1) {
          this.parts.push(chunk.slice(start, i + 1));
          onElement(this.parts.join(''));
          this.parts = [];
          start = -1;
          this.elements++;
        }
      }
    }
    if (start >= 0) this.parts.push(chunk.slice(start));
  }

  end(): void {
    if (!this.opened || this.depth !== 0)
      throw new AppError('unsupported_format', 'The Enhetsregisteret file ends inside its JSON array.');
  }
}

/** Plain or gzip-compressed (as Brønnøysund serves it); only units that mention group 35.1 are parsed. */
export const readEnhetsregisteretFile = async (file: string): Promise<EnhetsregisteretRead> => {
  const head = Buffer.alloc(2);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 2, 0);
  } finally {
    fs.closeSync(fd);
  }
  const raw = fs.createReadStream(file);
  let stream: NodeJS.ReadableStream = raw;
  if (head[0] === 0x1f && head[1] === 0x8b) {
    const gunzip = createGunzip();
    raw.on('error', (e) => gunzip.destroy(e));
    stream = raw.pipe(gunzip);
  }
  stream.setEncoding('utf8');
  const units: unknown[] = [];
  const splitter = new JsonArraySplitter();
  for await (const chunk of stream as AsyncIterable<string>)
    splitter.push(chunk, (text) => {
      if (!text.includes('"35.1')) return;
      try {
        units.push(JSON.parse(text));
      } catch {
        throw new AppError(
          'unsupported_format',
          'The Enhetsregisteret file holds an element that is not JSON.',
          [{ at: `element ${splitter.elements + 1}`, message: 'is not valid JSON' }],
        );
      }
    });
  splitter.end();
  const read = fromEnhetsregisteret(units);
  return { ...read, counts: { ...read.counts, units: splitter.elements } };
};

export interface UpdateInput {
  readonly friNettleieDir?: string;
  readonly enhetsregisteretFile?: string;
  /** The register being replaced: sources not re-read this time are carried over from it. */
  readonly previous?: SellerRegister;
  readonly today: string;
}

export interface UpdateReport {
  readonly friNettleie: { files: number; entries: number; rejected: ErrorDetail[] } | null;
  readonly enhetsregisteret: (EnhetsregisteretRead['counts'] & { rejected: ErrorDetail[] }) | null;
  /** Source ids taken over unchanged from the previous register. */
  readonly carried: string[];
}

const fileDate = (file: string): string => fs.statSync(file).mtime.toISOString().slice(0, 10);

// Fri nettleie first, so that Enhetsregisteret's units merge into its grid companies.
const MERGE_ORDER: readonly string[] = [FRI_NETTLEIE.id, ENHETSREGISTERET.id];
const mergeRank = (id: string): number => {
  const i = MERGE_ORDER.indexOf(id);
  return i === -1 ? MERGE_ORDER.length : i;
};

/**
 * Reads the sources given, carries the others over from the previous register, merges and
 * checks the result. Writing it is the caller's choice (`writeRegister`).
 */
export const updateRegister = async (
  input: UpdateInput,
): Promise<{ register: SellerRegister; report: UpdateReport }> => {
  if (!input.friNettleieDir && !input.enhetsregisteretFile)
    throw new AppError('validation_failed', 'Give a Fri nettleie folder, an Enhetsregisteret file, or both.');
  const read: { source: RegisterSource; entries: RegisterEntry[] }[] = [];
  let friNettleie: UpdateReport['friNettleie'] = null;
  let enhetsregisteret: UpdateReport['enhetsregisteret'] = null;
  if (input.friNettleieDir) {
    const fri = readFriNettleieDir(input.friNettleieDir);
    friNettleie = { files: fri.files, entries: 0, rejected: fri.rejected };
    read.push({ source: sourceWithDate(FRI_NETTLEIE, fri.updated ?? input.today), entries: fri.entries });
  }
  if (input.enhetsregisteretFile) {
    const units = await readEnhetsregisteretFile(input.enhetsregisteretFile);
    enhetsregisteret = { ...units.counts, rejected: units.rejected };
    read.push({
      source: sourceWithDate(ENHETSREGISTERET, fileDate(input.enhetsregisteretFile)),
      entries: units.entries,
    });
  }
  const carried: string[] = [];
  for (const source of input.previous?.sources ?? []) {
    if (read.some((r) => r.source.id === source.id)) continue;
    carried.push(source.id);
    read.push({ source, entries: entriesFromSource(input.previous?.entries ?? [], source.id) });
  }
  read.sort(
    (a, b) => mergeRank(a.source.id) - mergeRank(b.source.id) || (a.source.id < b.source.id ? -1 : 1),
  );
  const entries = mergeRegisters(...read.map((r) => r.entries));
  if (friNettleie) {
    const fromFri = entries.filter((e) => e.sources.some((s) => s.startsWith(`${FRI_NETTLEIE.id}:`)));
    friNettleie = { ...friNettleie, entries: fromFri.length };
  }
  const register = parseRegister({
    format: REGISTER_FORMAT,
    generated: input.today,
    sources: read.map((r) => r.source),
    entries,
  });
  return { register, report: { friNettleie, enhetsregisteret, carried } };
};
