/**
 * The messages Elvakt sends, in Norwegian bokmål (with English below it, since we do not
 * know which the reader prefers). Pure: a template name and its parameters in, subject and
 * text out. Parameters never include more personal data than the message needs.
 */
import { formatLongDate } from '../../platform/time.ts';

export type TemplateName =
  | 'request_code'
  | 'request_received'
  | 'request_extended'
  | 'request_completed'
  | 'policy_changed'
  | 'relationship_ended'
  | 'erasure_completed'
  | 'saving_found'
  | 'breach_notice';

export interface Rendered {
  readonly subject: string;
  readonly text: string;
}

const both = (nb: string, en: string): string => `${nb}\n\n---\n\n${en}`;

const p = (params: Record<string, string>, key: string): string => params[key] ?? '';

/**
 * What a saving was computed from, in both languages, by its code (basis-kind.ts): a notice
 * never lets a figure from the standard profile pass for one from measured hours. A notice
 * queued before the basis was recorded has none and says nothing of it.
 */
const BASIS_TEXT: Record<string, { nb: string; en: string }> = {
  measured: {
    nb: 'Tallet bygger på målte timeverdier fra måleren din.',
    en: 'The figure is based on measured hourly values from your meter.',
  },
  'profile-invoices': {
    nb: 'Vi har ikke timeverdier fra måleren din ennå: tallet bygger på en standard forbruksprofil, skalert til forbruket fakturaene dine viser, og er et anslag.',
    en: 'We have no hourly values from your meter yet: the figure is based on a standard load profile, scaled to the consumption your invoices show, and is an estimate.',
  },
  'profile-estimate': {
    nb: 'Vi har verken timeverdier fra måleren din eller fakturaer ennå: tallet bygger på en standard forbruksprofil og et standardforbruk, og er bare et anslag.',
    en: 'We have neither hourly values from your meter nor invoices yet: the figure is based on a standard load profile and a standard consumption, and is only an estimate.',
  },
};
const basisText = (params: Record<string, string>, locale: 'nb' | 'en'): string => {
  const text = BASIS_TEXT[p(params, 'basis')]?.[locale];
  return text ? ` ${text}` : '';
};

/**
 * A date as people read it ("6. januar 2027", "6 January 2027"), on the Oslo calendar: an
 * instant (ISO with a time) or a calendar day (YYYY-MM-DD, as messages queued before carry).
 */
export const readableDate = (value: string, locale: 'nb' | 'en'): string => {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = new Date(day ? `${value}T12:00:00Z` : value);
  return value === '' || Number.isNaN(d.getTime()) ? value : formatLongDate(d, locale);
};

/** The deadline of a request in a language: `due` (an instant), or what an older message carried. */
const due = (params: Record<string, string>, locale: 'nb' | 'en'): string =>
  readableDate(params.due ?? p(params, locale === 'nb' ? 'dueNb' : 'dueEn'), locale);

export const renderTemplate = (name: TemplateName, params: Record<string, string>): Rendered => {
  switch (name) {
    case 'request_code':
      return {
        subject: 'Elvakt: engangskode / one-time code',
        text: both(
          `Koden din er ${p(params, 'code')}. Den gjelder i 15 minutter og bekrefter forespørselen din (${p(params, 'typeNb')}). Har du ikke bedt om dette, kan du se bort fra meldingen.`,
          `Your code is ${p(params, 'code')}. It is valid for 15 minutes and confirms your request (${p(params, 'typeEn')}). If you did not ask for this, ignore this message.`,
        ),
      };
    case 'request_received':
      return {
        subject: 'Elvakt: vi har mottatt forespørselen din / we received your request',
        text: both(
          `Vi har mottatt forespørselen din (${p(params, 'typeNb')}) og svarer senest ${due(params, 'nb')}.`,
          `We have received your request (${p(params, 'typeEn')}) and will answer by ${due(params, 'en')} at the latest.`,
        ),
      };
    case 'request_extended':
      return {
        subject: 'Elvakt: vi trenger mer tid / we need more time',
        text: both(
          `Vi trenger mer tid til forespørselen din (${p(params, 'typeNb')}). Ny frist er ${due(params, 'nb')}. Grunn: ${p(params, 'reason')}`,
          `We need more time for your request (${p(params, 'typeEn')}). The new deadline is ${due(params, 'en')}. Reason: ${p(params, 'reason')}`,
        ),
      };
    case 'request_completed':
      return {
        subject: 'Elvakt: forespørselen din er behandlet / your request is done',
        text: both(
          `Forespørselen din (${p(params, 'typeNb')}) er behandlet. Du ser svaret på «Mine data» på Min side. Er du ikke fornøyd, kan du klage til Datatilsynet (datatilsynet.no).`,
          `Your request (${p(params, 'typeEn')}) has been handled. The answer is under "My data" on My page. If you are not satisfied, you can complain to Datatilsynet (datatilsynet.no).`,
        ),
      };
    case 'policy_changed':
      return {
        subject: 'Elvakt: vi har endret personvernerklæringen / our privacy policy changed',
        text: both(
          `Vi har gjort en vesentlig endring i personvernerklæringen (versjon ${p(params, 'version')}): ${p(params, 'changesNb')}. Les den på ${p(params, 'urlNb')}.`,
          `We have made a material change to our privacy policy (version ${p(params, 'version')}): ${p(params, 'changesEn')}. Read it at ${p(params, 'urlEn')}.`,
        ),
      };
    case 'saving_found':
      return {
        subject: 'Elvakt: du kan spare på strømmen / you could save on electricity',
        text: both(
          `Vi har regnet på nytt: med en annen strømavtale kan du spare omtrent ${p(params, 'amountNb')} i året.${basisText(params, 'nb')} Se hvordan vi har regnet og hvilke avtaler som er billigst: ${p(params, 'url')}\n\nVil du ikke ha flere slike varsler? ${p(params, 'unsubscribeUrl')}`,
          `We have worked it out again: with another electricity contract you could save about ${p(params, 'amountEn')} a year.${basisText(params, 'en')} See how we worked it out and which contracts are cheapest: ${p(params, 'url')}\n\nNo more of these messages? ${p(params, 'unsubscribeUrl')}`,
        ),
      };
    case 'breach_notice':
      return {
        subject:
          'Elvakt: et sikkerhetsbrudd kan ha rammet opplysningene dine / a security breach may have affected your data',
        text: both(
          `Vi har hatt et brudd på personopplysningssikkerheten som kan ha rammet opplysninger om deg.\n\nHva skjedde: ${p(params, 'title')}. ${p(params, 'description')}\n\nHva det kan bety for deg: ${p(params, 'consequences')}\n\nHva vi gjør: ${p(params, 'measures')}\n\nSpørsmål? Kontakt personvernombudet vårt: ${p(params, 'contact')}. Du kan også klage til Datatilsynet (datatilsynet.no).`,
          `We have had a personal data breach that may have affected data about you.\n\nWhat happened: ${p(params, 'title')}. ${p(params, 'description')}\n\nWhat it may mean for you: ${p(params, 'consequences')}\n\nWhat we are doing: ${p(params, 'measures')}\n\nQuestions? Contact our data protection officer: ${p(params, 'contact')}. You can also complain to Datatilsynet (datatilsynet.no).`,
        ),
      };
    case 'erasure_completed':
      return {
        subject: 'Elvakt: du er slettet / you have been erased',
        text: both(
          'Vi har slettet opplysningene dine, og kontoen din er avsluttet. Det loven krever at vi beholder, beholdes til fristen løper ut, og slettes da. Nøkkelen som krypterte opplysningene dine ødelegges, så heller ikke sikkerhetskopier kan leses. Er du ikke fornøyd, kan du klage til Datatilsynet (datatilsynet.no).',
          'We have erased your data and closed your account. What the law requires us to keep is kept until its period runs out, and then deleted. The key that encrypted your data is destroyed, so not even backups can be read. If you are not satisfied, you can complain to Datatilsynet (datatilsynet.no).',
        ),
      };
    case 'relationship_ended':
      return {
        subject: 'Elvakt: kundeforholdet er avsluttet / your customer relationship has ended',
        text: both(
          'Du har trukket samtykket tjenesten bygger på, så kundeforholdet er avsluttet og opplysningene dine er slettet. Det loven krever at vi beholder, beholdes til fristen løper ut.',
          'You withdrew the consent the service relies on, so the customer relationship has ended and your data has been deleted. What the law requires us to keep is kept until its period runs out.',
        ),
      };
  }
};
