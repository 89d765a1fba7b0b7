/**
 * The exact words a person agrees to. Each text has a version; the ledger stores which
 * version was shown. A test pins each version's hash, so changing a text without giving it
 * a new version fails the build.
 */
export type ConsentScope = 'invoice_analysis' | 'continued_monitoring';
export type AttorneyScope = 'elhub_metering_values' | 'elhub_master_data' | 'invoice_fetching';
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
      nb: 'Vi bruker strømfakturaene dine og timeforbruket ditt fra Elhub til å regne ut hva du ville betalt med hver strømavtale i markedet, og viser hva du kan spare per år for hvert målepunkt. Vi henter ikke mer enn vi trenger, og aldri mer enn 16 måneder tilbake. Tjenesten virker ikke uten dette samtykket: trekker du det tilbake, stopper analysen med en gang, og målepunktene og forbruket vi har hentet, slettes. Fakturaer beholdes så lenge bokføringsloven krever.',
      en: 'We use your electricity invoices and your hourly consumption from Elhub to work out what you would have paid under every electricity contract on the market, and show what you could save per year for each metering point. We fetch no more than we need, and never more than 16 months back. The service cannot work without this consent: if you withdraw it, the analysis stops at once and the metering points and consumption we fetched are deleted. Invoices are kept as long as the Bookkeeping Act requires.',
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
];

export const permissionText = (kind: PermissionKind, scope: string): PermissionText | undefined =>
  PERMISSION_TEXTS.find((t) => t.kind === kind && t.scope === scope);
