import type { PolicyDocument } from './policy.ts';
import { CATEGORIES, type Category, type Purpose, RETENTION_RULES, type Text } from './vocabulary.ts';

/**
 * The record of processing activities (GDPR Art. 30(1)), one activity per purpose, made
 * from the same policy document as the public page. Staff read it as a page in their own
 * language; the JSON carries every text in both, as the data map does.
 */
export interface ProcessingActivity {
  readonly purpose: Purpose;
  readonly description: Text;
  readonly legalBasis: Text;
  readonly dataSubjects: readonly Text[];
  readonly categories: readonly Text[];
  readonly recipients: readonly { name: string; role: Text; country: string; agreementDate: string }[];
  readonly transfersOutsideEea: readonly { name: string; country: string; safeguard: Text }[];
  readonly retention: readonly { readonly text: Text; readonly source: Text }[];
}

export interface Art30Record {
  readonly controller: { readonly name: string; readonly contact: string };
  readonly generatedAt: string;
  readonly policyVersion: number | null;
  readonly activities: readonly ProcessingActivity[];
  readonly securityMeasures: readonly Text[];
}

const SECURITY_MEASURES: readonly Text[] = [
  {
    nb: 'Personopplysninger er kryptert med AES-256-GCM under en nøkkel per registrert, som igjen er kryptert med en hovednøkkel som holdes utenfor databasen',
    en: 'Personal fields encrypted at rest with AES-256-GCM under a key per data subject, wrapped by a master key kept outside the database',
  },
  {
    nb: 'Nøklene lagres atskilt fra dataene; sletting ødelegger den registrertes nøkkel (kryptografisk sletting), så heller ikke sikkerhetskopier kan leses',
    en: 'Keys stored apart from the data; erasure destroys the subject key (crypto-shredding), so backups cannot be read',
  },
  {
    nb: 'Oppslag på fødselsnummer, e-post, målepunkt-ID og fullt navn skjer gjennom nøkkelbaserte hasher (blindindekser)',
    en: 'Look-ups by identity number, e-mail, metering point ID and full name through keyed hashes (blind indexes)',
  },
  {
    nb: 'En logg som bare kan skrives til, lenket med hasher, over hver endring av samtykke, hvert steg i en forespørsel, hver eksport, sletting og hvert oppslag av ansatte',
    en: 'Append-only, hash-chained audit log of every consent change, request step, export, erasure and staff read',
  },
  {
    nb: 'Ansatte ser kundeopplysninger først etter å ha oppgitt et formål, og rollene begrenser hva hver enkelt ser',
    en: 'Staff see customer records only after stating a purpose, with roles limiting what each sees',
  },
  {
    nb: 'Passord hashet med argon2id; økter i HttpOnly-informasjonskapsler; CSRF-beskyttelse; strenge sikkerhetshoder; ingen skript fra tredjeparter',
    en: 'Passwords hashed with argon2id; sessions in HttpOnly cookies; CSRF tokens; strict security headers; no third-party scripts',
  },
  {
    nb: 'Loggene inneholder ingen personopplysninger (kontrollert av automatiske tester)',
    en: 'Logs carry no personal values (checked by automated tests)',
  },
];

const SUBJECTS = {
  customers: { nb: 'Kunder', en: 'Customers' },
  staff: { nb: 'Ansatte', en: 'Staff' },
} as const satisfies Record<string, Text>;

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
      description: p.text,
      legalBasis: p.basis,
      dataSubjects: [p.id === 'staff_access' ? SUBJECTS.staff : SUBJECTS.customers],
      categories: cats.map((c) => CATEGORIES[c.id]),
      recipients: recipients.map((r) => ({
        name: r.name,
        role: r.role,
        country: r.country,
        agreementDate: r.agreementDate,
      })),
      transfersOutsideEea: recipients
        .filter((r) => r.transferSafeguard)
        .flatMap((r) =>
          r.transferSafeguard ? [{ name: r.name, country: r.country, safeguard: r.transferSafeguard }] : [],
        ),
      retention: rules.map((r) => ({
        text: { nb: RETENTION_RULES[r].nb, en: RETENTION_RULES[r].en },
        source: RETENTION_RULES[r].source,
      })),
    };
  }),
  securityMeasures: SECURITY_MEASURES,
});
