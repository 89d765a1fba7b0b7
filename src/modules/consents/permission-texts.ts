/**
 * The exact words a person agrees to. Each text has a version; the ledger stores which
 * version was shown. A test pins each version's hash, so changing a text without giving it
 * a new version fails the build.
 */
export type ConsentScope = 'invoice_analysis' | 'continued_monitoring';
export type AttorneyScope =
  | 'elhub_metering_values'
  | 'elhub_master_data'
  | 'invoice_fetching'
  | 'credit_check'
  | 'supplier_switch'
  | 'efaktura_agreement'
  | 'move_in_out';
export type PermissionKind = 'consent' | 'power_of_attorney';
export type PermissionScope = ConsentScope | AttorneyScope;

export interface PermissionText {
  readonly kind: PermissionKind;
  readonly scope: PermissionScope;
  readonly version: string;
  /** Whether the service cannot work without it. */
  readonly required: boolean;
  /** How long a power of attorney lasts before it must be renewed; consents last until withdrawn. */
  readonly validMonths: number | null;
  readonly title: { readonly nb: string; readonly en: string };
  readonly body: { readonly nb: string; readonly en: string };
}

export const PERMISSION_TEXTS: readonly PermissionText[] = [
  {
    kind: 'consent',
    scope: 'invoice_analysis',
    version: '2026-11-26',
    required: true,
    validMonths: null,
    title: { nb: 'Analyse av strømforbruket ditt', en: 'Analysis of your electricity use' },
    body: {
      nb: 'Vi bruker strømfakturaene dine og timeforbruket ditt fra Elhub til å regne ut hva du ville betalt med hver strømavtale i markedet, og viser hva du kan spare per år for hvert målepunkt. Vi henter ikke mer enn vi trenger, og aldri mer enn 16 måneder tilbake. Tjenesten virker ikke uten dette samtykket: trekker du det tilbake, avsluttes kundeforholdet, og opplysningene dine slettes, bortsett fra det loven krever at vi beholder.',
      en: 'We use your electricity invoices and your hourly consumption from Elhub to work out what you would have paid under every electricity contract on the market, and show what you could save per year for each metering point. We fetch no more than we need, and never more than 16 months back. The service cannot work without this consent: if you withdraw it, the customer relationship ends and your data is deleted, except what the law requires us to keep.',
    },
  },
  {
    kind: 'consent',
    scope: 'continued_monitoring',
    version: '2026-11-26',
    required: false,
    validMonths: null,
    title: { nb: 'Fortløpende overvåking og varsel', en: 'Continued monitoring and notifications' },
    body: {
      nb: 'Vi fortsetter å hente nye fakturaer og nytt forbruk og regner om besparelsen når priser eller avtaler endrer seg. Vi varsler deg når vi har regnet ut at du kan spare. Vi henter til du trekker samtykket tilbake; da stopper hentingen og varslene med en gang.',
      en: 'We keep fetching new invoices and new consumption and recalculate your saving when prices or contracts change. We notify you when we have calculated that you can save. We fetch until you withdraw this consent; then fetching and notifications stop at once.',
    },
  },
  {
    kind: 'power_of_attorney',
    scope: 'elhub_metering_values',
    version: '2026-11-26',
    required: true,
    validMonths: 36,
    title: { nb: 'Fullmakt: måleverdier fra Elhub', en: 'Power of attorney: metering values from Elhub' },
    body: {
      nb: 'Du gir Elvakt fullmakt til å hente timeforbruket for målepunktene dine fra Elhub, den nasjonale databasen for måleverdier, inntil 16 måneder tilbake og fortløpende så lenge fullmakten gjelder.',
      en: 'You authorise Elvakt to fetch the hourly consumption of your metering points from Elhub, the national metering database, up to 16 months back and as it comes in for as long as this authority lasts.',
    },
  },
  {
    kind: 'power_of_attorney',
    scope: 'elhub_master_data',
    version: '2026-11-26',
    required: true,
    validMonths: 36,
    title: { nb: 'Fullmakt: opplysninger om målepunktene', en: 'Power of attorney: metering point details' },
    body: {
      nb: 'Du gir Elvakt fullmakt til å hente opplysninger om målepunktene dine fra Elhub: målepunkt-ID, adresse, prisområde, nettselskap, nåværende strømleverandør og forventet årsforbruk.',
      en: 'You authorise Elvakt to fetch details of your metering points from Elhub: metering point ID, address, price area, grid company, current supplier and expected yearly consumption.',
    },
  },
  {
    kind: 'power_of_attorney',
    scope: 'invoice_fetching',
    version: '2026-11-26',
    required: false,
    validMonths: 36,
    title: {
      nb: 'Fullmakt: strømfakturaer fra banken',
      en: 'Power of attorney: electricity invoices from your bank',
    },
    body: {
      nb: 'Du gir Elvakt fullmakt til å hente eFakturaer fra nettbanken din, bare fra selskaper som selger, produserer eller distribuerer strøm, og aldri mer enn 16 måneder tilbake. Andre fakturaer leses ikke.',
      en: 'You authorise Elvakt to fetch e-invoices from your online bank, only from companies that sell, produce or distribute electricity, and never more than 16 months back. Other invoices are not read.',
    },
  },
  {
    kind: 'power_of_attorney',
    scope: 'credit_check',
    version: '2026-11-26',
    required: false,
    validMonths: 3,
    title: { nb: 'Fullmakt: kredittsjekk ved bytte', en: 'Power of attorney: credit check when switching' },
    body: {
      nb: 'Du gir Elvakt fullmakt til å innhente en kredittvurdering av deg fra et kredittopplysningsbyrå når du ber oss bytte strømleverandør for deg, fordi den nye leverandøren krever det. Fullmakten gjelder i tre måneder, og vi bruker den bare for et bytte du har bedt om.',
      en: 'You authorise Elvakt to obtain a credit assessment of you from a credit reference agency when you ask us to switch electricity supplier for you, because the new supplier requires it. The authority lasts three months, and we use it only for a switch you asked for.',
    },
  },
  {
    kind: 'power_of_attorney',
    scope: 'supplier_switch',
    version: '2026-11-26',
    required: false,
    validMonths: 3,
    title: { nb: 'Fullmakt: bytte strømleverandør', en: 'Power of attorney: switching electricity supplier' },
    body: {
      nb: 'Du gir Elvakt fullmakt til å inngå avtale med den strømleverandøren og avtalen du velger, og si opp den gamle, for målepunktene du velger. Vi bytter bare når du har bekreftet det konkrete byttet.',
      en: 'You authorise Elvakt to enter into the contract with the supplier and product you choose, and to end the old one, for the metering points you choose. We switch only when you have confirmed the specific switch.',
    },
  },
  {
    kind: 'power_of_attorney',
    scope: 'efaktura_agreement',
    version: '2026-11-26',
    required: false,
    validMonths: 36,
    title: { nb: 'Fullmakt: avtale om eFaktura', en: 'Power of attorney: e-invoice agreement' },
    body: {
      nb: 'Du gir Elvakt fullmakt til å opprette avtale om eFaktura i nettbanken din for den nye strømleverandøren etter et bytte, så fakturaen kommer dit den kom før.',
      en: 'You authorise Elvakt to set up an e-invoice agreement in your online bank for the new supplier after a switch, so that the invoice arrives where it did before.',
    },
  },
  {
    kind: 'power_of_attorney',
    scope: 'move_in_out',
    version: '2026-11-26',
    required: false,
    validMonths: 12,
    title: { nb: 'Fullmakt: innflytting og utflytting', en: 'Power of attorney: moving in and out' },
    body: {
      nb: 'Du gir Elvakt fullmakt til å melde innflytting og utflytting på målepunktene dine i Elhub når du flytter, på de datoene du oppgir.',
      en: 'You authorise Elvakt to register moving in and out of your metering points in Elhub when you move, on the dates you give.',
    },
  },
];

export const permissionText = (kind: PermissionKind, scope: string): PermissionText | undefined =>
  PERMISSION_TEXTS.find((t) => t.kind === kind && t.scope === scope);
