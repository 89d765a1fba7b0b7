import type { Clock } from '../../platform/clock.ts';
import type { FieldCipher, KeyPurpose, Keyring } from '../../platform/crypto/keyring.ts';
import type { Transactor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { HOUR_MS } from '../../platform/time.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { PERMISSION_TEXTS } from '../consents/permission-texts.ts';
import { decodeMonth, MISSING_WH, qualityName } from '../metering/series.ts';
import {
  LEGAL_BASES,
  type PersonalColumn,
  PURPOSES,
  personalColumns,
  RETENTION_RULES,
  subjectTables,
  type Text,
} from './data-map.ts';
import type { ExportEvent, Row } from './export-formats.ts';
import type { PersonalDataRepository } from './personal-data.repository.ts';
import { keyIdOf, newSigningKey, PORTABLE_TABLES, publicKeyOf, SIGNING_KEY_NAME } from './portability.ts';

export const EXPORT_FORMAT = 'elvakt-access-export/1';

/**
 * Proof of consent: the exact words of every text version the person was shown, so the
 * export shows not only that something was agreed to, but what.
 */
const consentTextsOf = (rows: Record<string, unknown>[]): ConsentText[] => {
  const seen = new Set<string>();
  const out: ConsentText[] = [];
  for (const r of rows) {
    const key = `${String(r.kind)}/${String(r.scope)}/${String(r.text_version)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const text = PERMISSION_TEXTS.find(
      (t) => t.kind === r.kind && t.scope === r.scope && t.version === r.text_version,
    );
    if (text)
      out.push({
        kind: text.kind,
        scope: text.scope,
        version: text.version,
        title: text.title,
        body: text.body,
      });
  }
  return out;
};

export interface ConsentText {
  readonly kind: string;
  readonly scope: string;
  readonly version: string;
  readonly title: { readonly nb: string; readonly en: string };
  readonly body: { readonly nb: string; readonly en: string };
}

export interface AccessExport {
  readonly format: string;
  readonly generatedAt: string;
  readonly subjectId: string;
  readonly controller: { readonly name: string; readonly contact: string };
  readonly consentTexts: readonly ConsentText[];
  readonly tables: Record<
    string,
    {
      readonly description: Text;
      readonly purposes: { purpose: Text; legalBasis: Text }[];
      readonly retention: Text[];
      readonly rows: Record<string, unknown>[];
    }
  >;
}

/**
 * Rows read, decrypted and handed on at a time: what an export holds in memory at once, and
 * how long the main thread is busy before it answers others again (the embedded database
 * runs its queries on it). Measured: about 1 ms a row for invoices on a loaded machine.
 */
export const EXPORT_PAGE_ROWS = 25;

/**
 * Values that stand in for what cannot be shown. They sit among the stored values of every
 * format (JSON, CSV, PDF and the signed package alike), so they say it in both languages.
 */
const UNREADABLE =
  '[uleselig: nøkkelen ble ødelagt ved slettingen / unreadable: the key was destroyed at erasure]';
const KEYED_HASH =
  '[en nøkkelbasert hash av verdien, som bare brukes til å finne deg igjen; den kan ikke gjøres om / a keyed hash of this value, kept only to find your record; it cannot be turned back]';
const ONE_WAY_HASH =
  '[en enveis-hash; den kan ikke gjøres om til det opprinnelige / a one-way hash; it cannot be turned back into the original]';

/**
 * The access export, derived from the data map: a new table with personal data is
 * exported the moment it is declared, with no code here to change.
 */
export class ExportService {
  constructor(
    private readonly tx: Transactor,
    private readonly repo: PersonalDataRepository,
    private readonly keyring: Keyring,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly controller: { name: string; contact: string },
  ) {}

  private async ciphers(
    keyring: Keyring,
    subjectId: string,
  ): Promise<Partial<Record<KeyPurpose, FieldCipher>>> {
    const out: Partial<Record<KeyPurpose, FieldCipher>> = {};
    for (const purpose of ['general', 'bookkeeping'] as const) {
      try {
        out[purpose] = await keyring.cipherFor(subjectId, purpose, this.clock.now());
      } catch (e) {
        if (!(e instanceof AppError && e.code === 'crypto_failure')) throw e;
      }
    }
    return out;
  }

  private present(
    column: PersonalColumn,
    value: unknown,
    row: Record<string, unknown>,
    ciphers: Partial<Record<KeyPurpose, FieldCipher>>,
  ): unknown {
    if (value === null || value === undefined) return null;
    switch (column.storage) {
      case 'blind-index':
        return KEYED_HASH;
      case 'password-hash':
        return ONE_WAY_HASH;
      case 'plain':
        return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
      default: {
        const cipher = ciphers[column.storage === 'encrypted-bookkeeping' ? 'bookkeeping' : 'general'];
        if (!cipher || !column.field) return UNREADABLE;
        const field = column.field(row);
        const bytes = value as Uint8Array;
        if (column.encoding === 'hourly-series') {
          const month = decodeMonth(String(row.month), cipher.openBytes(field, bytes));
          const hours: { start: string; kwh: number | null; quality: string }[] = [];
          for (let i = 0; i < month.hours; i++) {
            const wh = month.wh[i] ?? MISSING_WH;
            hours.push({
              start: new Date(month.startsAt + i * HOUR_MS).toISOString(),
              kwh: wh === MISSING_WH ? null : wh / 1000,
              quality: qualityName(month.quality[i] ?? 0),
            });
          }
          return hours;
        }
        const deflated = column.encoding === 'deflated-text' || column.encoding === 'deflated-json';
        const text = deflated ? cipher.openDeflated(field, bytes) : cipher.openText(field, bytes);
        return column.encoding === 'json' || column.encoding === 'deflated-json' ? JSON.parse(text) : text;
      }
    }
  }

  /**
   * Everything held about the subject, decrypted, with why and for how long each table is
   * kept, as a stream of events: a table's rows are read a page at a time (in `id` order where
   * the table has one), so a household with thousands of invoices is never in memory at once.
   * Pages are read outside a transaction: a long export must not hold the embedded database's
   * one connection, so a row changed meanwhile may show its newer value. `tables` limits the
   * export to those tables, in that order (the portability package). Nothing is recorded here:
   * the caller records the export when it is delivered.
   */
  async *events(
    subjectId: string,
    options: { tables?: readonly string[] } = {},
  ): AsyncGenerator<ExportEvent> {
    const ciphers = await this.ciphers(this.keyring, subjectId);
    yield {
      type: 'head',
      head: {
        format: EXPORT_FORMAT,
        generatedAt: this.clock.now().toISOString(),
        subjectId,
        controller: this.controller,
      },
    };
    const all = new Map(subjectTables());
    const names = options.tables ?? [...all.keys()];
    const permissionRows: Row[] = [];
    for (const table of names) {
      const spec = all.get(table);
      if (!spec?.subject) continue;
      const link = spec.subject;
      const paged = 'id' in spec.columns;
      let after: unknown;
      let first = 0;
      for (;;) {
        const rows = paged
          ? await this.repo.rowsAfter(table, link, subjectId, after, EXPORT_PAGE_ROWS)
          : await this.repo.rows(table, link, subjectId);
        if (rows.length > 0 && first === 0) {
          const cols = personalColumns(spec);
          const purposes = [...new Set(cols.flatMap(([, c]) => c.purposes))];
          yield {
            type: 'table',
            table: {
              name: table,
              description: spec.description,
              purposes: purposes.map((p) => ({
                purpose: { nb: PURPOSES[p].nb, en: PURPOSES[p].en },
                legalBasis: LEGAL_BASES[PURPOSES[p].basis],
              })),
              retention: [...new Set(cols.map(([, c]) => c.retention))].map((r) => ({
                nb: RETENTION_RULES[r].nb,
                en: RETENTION_RULES[r].en,
              })),
            },
          };
        }
        if (rows.length === 0) break;
        // The query and the decryption each hold the main thread; others get a turn between.
        await new Promise((resolve) => setImmediate(resolve));
        const presented = rows.map((row) => {
          const out: Row = {};
          for (const [name, spec2] of Object.entries(spec.columns)) {
            const value = row[name];
            if (spec2.kind === 'personal') out[name] = this.present(spec2, value, row, ciphers);
            else out[name] = value instanceof Uint8Array ? '[binary]' : value;
          }
          return out;
        });
        if (table === 'permission_events') permissionRows.push(...presented);
        yield { type: 'rows', rows: presented, first };
        first += rows.length;
        after = rows[rows.length - 1]?.id;
        if (!paged || rows.length < EXPORT_PAGE_ROWS) break;
      }
    }
    yield { type: 'end', consentTexts: consentTextsOf(permissionRows) };
  }

  /** The portable tables only, in the order the signed package writes them. */
  portableEvents(subjectId: string): AsyncGenerator<ExportEvent> {
    return this.events(subjectId, { tables: PORTABLE_TABLES });
  }

  /** The private half of the package signing key, for the renderer that signs. */
  signingKeyDer(): Promise<Uint8Array> {
    return this.keyring.platformKey(SIGNING_KEY_NAME, newSigningKey);
  }

  /**
   * The whole export as one value, recorded in the audit log: for the command line, tests and
   * benchmarks on small subjects. Downloads stream through ExportDownloadService instead.
   */
  async exportSubject(subjectId: string, actor = 'customer'): Promise<AccessExport> {
    let head: Extract<ExportEvent, { type: 'head' }>['head'] | undefined;
    let consentTexts: ConsentText[] = [];
    const tables: Record<string, AccessExport['tables'][string]> = {};
    let current: { rows: Row[] } | undefined;
    for await (const e of this.events(subjectId)) {
      if (e.type === 'head') head = e.head;
      else if (e.type === 'table') {
        const { name, ...rest } = e.table;
        current = { ...rest, rows: [] };
        tables[name] = current as AccessExport['tables'][string];
      } else if (e.type === 'rows') current?.rows.push(...e.rows);
      else consentTexts = e.consentTexts as ConsentText[];
    }
    await this.tx.run((tx) =>
      this.audit.withTx(tx).record({
        actor,
        action: 'subject.exported',
        subjectId,
        purpose: 'access',
        details: { tables: Object.keys(tables).length },
      }),
    );
    if (!head) throw new AppError('internal', 'The export had no head.');
    return { ...head, tables, consentTexts };
  }

  /** The public half of the signing key, as a JWK, for receivers to check packages with. */
  async signingKey(): Promise<{
    kid: string;
    kty: string;
    crv: string;
    x: string;
    alg: string;
    use: string;
  }> {
    const pub = publicKeyOf(await this.keyring.platformKey(SIGNING_KEY_NAME, newSigningKey));
    const jwk = pub.export({ format: 'jwk' });
    return {
      kid: keyIdOf(pub),
      kty: String(jwk.kty),
      crv: String(jwk.crv),
      x: String(jwk.x),
      alg: 'EdDSA',
      use: 'sig',
    };
  }
}
