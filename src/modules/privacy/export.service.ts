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
} from './data-map.ts';
import { exportToCsv, exportToPdf } from './export-formats.ts';
import type { PersonalDataRepository } from './personal-data.repository.ts';
import {
  buildPackage,
  keyIdOf,
  newSigningKey,
  type PortabilityPackage,
  publicKeyOf,
  SIGNING_KEY_NAME,
} from './portability.ts';

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
      readonly description: string;
      readonly purposes: { purpose: string; legalBasis: string }[];
      readonly retention: string[];
      readonly rows: Record<string, unknown>[];
    }
  >;
}

const UNREADABLE = '[unreadable: the key was destroyed at erasure]';

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
        return '[a keyed hash of this value, kept only to find your record; it cannot be turned back]';
      case 'password-hash':
        return '[a one-way hash; it cannot be turned back into the original]';
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

  /** Everything held about the subject, decrypted, with why and for how long each table is kept. */
  async exportSubject(subjectId: string, actor = 'customer'): Promise<AccessExport> {
    return this.tx.run(async (tx) => {
      const repo = this.repo.with(tx);
      const ciphers = await this.ciphers(this.keyring, subjectId);
      const tables: AccessExport['tables'] = {};
      for (const [table, spec] of subjectTables()) {
        if (!spec.subject) continue;
        const rows = await repo.rows(table, spec.subject, subjectId);
        if (rows.length === 0) continue;
        const cols = personalColumns(spec);
        const purposes = [...new Set(cols.flatMap(([, c]) => c.purposes))];
        tables[table] = {
          description: spec.description.en,
          purposes: purposes.map((p) => ({
            purpose: PURPOSES[p].en,
            legalBasis: LEGAL_BASES[PURPOSES[p].basis].en,
          })),
          retention: [...new Set(cols.map(([, c]) => RETENTION_RULES[c.retention].en))],
          rows: rows.map((row) => {
            const out: Record<string, unknown> = {};
            for (const [name, spec2] of Object.entries(spec.columns)) {
              const value = row[name];
              if (spec2.kind === 'personal') out[name] = this.present(spec2, value, row, ciphers);
              else out[name] = value instanceof Uint8Array ? '[binary]' : value;
            }
            return out;
          }),
        };
      }
      await this.audit.withTx(tx).record({
        actor,
        action: 'subject.exported',
        subjectId,
        purpose: 'access',
        details: { tables: Object.keys(tables).length },
      });
      return {
        format: EXPORT_FORMAT,
        generatedAt: this.clock.now().toISOString(),
        subjectId,
        controller: this.controller,
        tables,
        consentTexts: consentTextsOf(tables.permission_events?.rows ?? []),
      };
    });
  }

  csv(subjectId: string, actor = 'customer'): Promise<string> {
    return this.exportSubject(subjectId, actor).then(exportToCsv);
  }

  async pdf(subjectId: string, actor = 'customer'): Promise<Buffer> {
    return exportToPdf(await this.exportSubject(subjectId, actor));
  }

  /** The signed portability package (Art. 20). */
  async portabilityPackage(subjectId: string, actor = 'customer'): Promise<PortabilityPackage> {
    const data = await this.exportSubject(subjectId, actor);
    return buildPackage(data, await this.keyring.platformKey(SIGNING_KEY_NAME, newSigningKey));
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
