import type { PolicyDocument } from './policy.ts';
import { CATEGORIES, type Category, RETENTION_RULES } from './vocabulary.ts';

/**
 * The record of processing activities (GDPR Art. 30(1)), one activity per purpose, made
 * from the same policy document as the public page. Staff read it as a page or as JSON.
 */
export interface ProcessingActivity {
  readonly purpose: string;
  readonly description: string;
  readonly legalBasis: string;
  readonly dataSubjects: readonly string[];
  readonly categories: readonly string[];
  readonly recipients: readonly { name: string; role: string; country: string; agreementDate: string }[];
  readonly transfersOutsideEea: readonly { name: string; country: string; safeguard: string }[];
  readonly retention: readonly string[];
}

export interface Art30Record {
  readonly controller: { readonly name: string; readonly contact: string };
  readonly generatedAt: string;
  readonly policyVersion: number | null;
  readonly activities: readonly ProcessingActivity[];
  readonly securityMeasures: readonly string[];
}

const SECURITY_MEASURES = [
  'Personal fields encrypted at rest with AES-256-GCM under a key per data subject, wrapped by a master key kept outside the database',
  'Keys stored apart from the data; erasure destroys the subject key (crypto-shredding), so backups cannot be read',
  'Look-ups by identity number, e-mail, metering point ID and full name through keyed hashes (blind indexes)',
  'Append-only, hash-chained audit log of every consent change, request step, export, erasure and staff read',
  'Staff see customer records only after stating a purpose, with roles limiting what each sees',
  'Passwords hashed with argon2id; sessions in HttpOnly cookies; CSRF tokens; strict security headers; no third-party scripts',
  'Logs carry no personal values (checked by automated tests)',
];

export const buildArt30 = (
  doc: PolicyDocument,
  policyVersion: number | null,
  generatedAt: Date,
): Art30Record => ({
  controller: doc.controller,
  generatedAt: generatedAt.toISOString(),
  policyVersion,
  activities: doc.purposes.map((p) => {
    const cats = doc.categories.filter((c) => c.purposes.includes(p.id));
    const catIds = new Set<Category>(cats.map((c) => c.id));
    const recipients = doc.processors.filter((x) => x.categories.some((c) => catIds.has(c)));
    const rules = [...new Set(cats.flatMap((c) => c.retention))];
    return {
      purpose: p.id,
      description: p.text.en,
      legalBasis: p.basis.en,
      dataSubjects: p.id === 'staff_access' ? ['staff'] : ['customers'],
      categories: cats.map((c) => CATEGORIES[c.id].en),
      recipients: recipients.map((r) => ({
        name: r.name,
        role: r.role.en,
        country: r.country,
        agreementDate: r.agreementDate,
      })),
      transfersOutsideEea: recipients
        .filter((r) => r.transferSafeguard)
        .map((r) => ({ name: r.name, country: r.country, safeguard: r.transferSafeguard?.en ?? '' })),
      retention: rules.map((r) => `${RETENTION_RULES[r].en} (${RETENTION_RULES[r].source})`),
    };
  }),
  securityMeasures: SECURITY_MEASURES,
});
