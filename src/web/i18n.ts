/**
 * Interface text in Norwegian bokmål (the default) and English. Keys are grouped by page;
 * every key exists in both languages, which a test checks.
 */

import type { UserMessage } from '../platform/errors.ts';
import { formatLongDate } from '../platform/time.ts';
import { authEn, authNb } from './i18n-auth.ts';
import { basisEn, basisNb } from './i18n-basis.ts';
import { householdsEn, householdsNb } from './i18n-households.ts';
import { messagesEn, messagesNb } from './i18n-messages.ts';
import { monitoringEn, monitoringNb } from './i18n-monitoring.ts';
import { onboardingEn, onboardingNb } from './i18n-onboarding.ts';
import { pricesEn, pricesNb } from './i18n-prices.ts';
import { privacyTextsEn, privacyTextsNb } from './i18n-privacy-texts.ts';
import { rightsEn, rightsNb } from './i18n-rights.ts';
import { staffEn, staffNb } from './i18n-staff.ts';
import { staffDepartureEn, staffDepartureNb } from './i18n-staff-departure.ts';
import { staffOidcEn, staffOidcNb } from './i18n-staff-oidc.ts';

export type Locale = 'nb' | 'en';
export const LOCALES: readonly Locale[] = ['nb', 'en'];

const coreNb = {
  'app.name': 'Elvakt',
  'app.tagline': 'Se hva du kan spare på strøm, regnet ut fra ditt eget forbruk.',
  'nav.home': 'Forside',
  'nav.minSide': 'Min side',
  'nav.consents': 'Samtykker og fullmakter',
  'nav.myData': 'Mine data',
  'nav.privacy': 'Personvern',
  'nav.signIn': 'Logg inn',
  'nav.signOut': 'Logg ut',
  'nav.signUp': 'Bli kunde',
  'nav.language': 'English',
  'nav.skip': 'Hopp til innholdet',
  'home.title': 'Betaler du for mye for strømmen?',
  'home.lead':
    'Elvakt regner ut hva strømmen din ville kostet med hver avtale i markedet, time for time, fra ditt eget forbruk. Du ser hva du kan spare per år for hvert målepunkt, og hvordan tallet er regnet ut.',
  'home.how1': 'Du gir samtykke og fullmakt til å hente forbruket ditt fra Elhub.',
  'home.how2': 'Vi priser hver time du har brukt strøm mot spotprisen og hver avtale.',
  'home.how3': 'Du ser besparelsen, grunnlaget og kan når som helst trekke samtykket og slette deg.',
  'home.demo': 'Prøv med demohusholdningen: e-post {email}, passord {password}.',
  'signIn.title': 'Logg inn',
  'signIn.email': 'E-post',
  'signIn.password': 'Passord',
  'signIn.submit': 'Logg inn',
  'signIn.noAccount': 'Ikke kunde ennå?',
  'signUp.title': 'Bli kunde',
  'signUp.lead':
    'Vi trenger navn, e-post og fødselsnummer for å kunne hente forbruket ditt fra Elhub på dine vegne.',
  'signUp.name': 'Fullt navn',
  'signUp.email': 'E-post',
  'signUp.phone': 'Mobilnummer (valgfritt)',
  'signUp.identityNumber': 'Fødselsnummer (11 siffer)',
  'signUp.identityNumberHint': 'Brukes bare til å hente målepunktene dine fra Elhub. Lagres kryptert.',
  'signUp.password': 'Velg passord (minst 10 tegn)',
  'signUp.submit': 'Opprett konto',
  'consents.title': 'Samtykker og fullmakter',
  'consents.lead':
    'Her ser du hva du har gitt oss lov til, og kan endre det når du vil. Hvert samtykke lagres med tidspunkt og versjonen av teksten du så.',
  'consents.required': 'Nødvendig for tjenesten',
  'consents.optional': 'Valgfritt',
  'consents.give': 'Jeg samtykker',
  'consents.grant': 'Jeg gir fullmakt',
  'consents.status.active': 'Gitt {date}',
  'consents.status.withdrawn': 'Trukket tilbake {date}',
  'consents.status.expired': 'Utløpt {date}',
  'consents.status.never': 'Ikke gitt',
  'consents.validUntil': 'Gjelder til {date}',
  'consents.version': 'Tekstversjon {version}',
  'consents.save': 'Lagre valgene',
  'consents.history': 'Historikk',
  'consents.uses': 'Når fullmaktene er brukt',
  'consents.withdrawWarning':
    'Trekker du samtykket til analyse, avsluttes kundeforholdet. Du får se nøyaktig hva som slettes og hva som beholdes før du bekrefter.',
  'consents.kind.consent': 'Samtykke',
  'consents.kind.power_of_attorney': 'Fullmakt',
  'consents.action.given': 'gitt',
  'consents.action.withdrawn': 'trukket tilbake',
  'minSide.title': 'Min side',
  'minSide.hello': 'Hei, {name}',
  'minSide.needConsent':
    'For å regne ut besparelsen trenger vi samtykket ditt og fullmakt til å hente forbruket fra Elhub.',
  'minSide.giveConsent': 'Gi samtykke og fullmakt',
  'minSide.noPoints':
    'Vi har ingen målepunkter for deg ennå. Legg til et målepunkt og last opp forbruket fra Elhub.',
  'minSide.addPoint': 'Legg til målepunkt',
  'minSide.meteringPointId': 'Målepunkt-ID (18 siffer)',
  'minSide.priceArea': 'Prisområde',
  'minSide.county': 'Fylkesnummer (valgfritt, to siffer)',
  'minSide.countyHint':
    'Husholdninger i Nordland (18), Troms (55) og Finnmark (56) betaler ikke merverdiavgift på strøm.',
  'minSide.upload': 'Last opp forbruk fra Elhub (CSV)',
  'minSide.uploadHint':
    'Last ned filen fra «Min side» hos Elhub og last den opp her. Vi bruker bare de siste 16 månedene.',
  'minSide.uploadSubmit': 'Last opp',
  'minSide.point': 'Målepunkt {id}',
  'minSide.area': 'Prisområde {area}',
  'minSide.checkDigit': 'Kontrollsifferet i målepunkt-ID-en stemmer ikke. Sjekk ID-en mot fakturaen din.',
  'minSide.saving': 'Du kan spare {amount} per år',
  'minSide.noSaving': 'Du har allerede den billigste avtalen vi kjenner til.',
  'minSide.savingBy': 'ved å bytte fra {current} til {best}.',
  'minSide.range':
    'Trolig mellom {low} og {high} per år: månedene dine varierer, og et nytt år blir ikke helt likt det forrige.',
  'minSide.profileInvoices':
    'Vi har ikke timeverdier for dette målepunktet ennå. Tallet bygger på en standard forbruksprofil for en husholdning, skalert til {kwh} kWh i året ut fra fakturaene dine.',
  'minSide.profileEstimate':
    'Vi har verken timeverdier eller fakturaer for dette målepunktet. Tallet bygger på en standard forbruksprofil og et standardforbruk på {kwh} kWh i året, og er bare et anslag.',
  'minSide.exitFee': 'Avtalen din binder deg fortsatt: bruddgebyret på {amount} er trukket fra.',
  'minSide.chooseCurrent': 'Hvilken avtale har du nå? Velg den for å se hva du kan spare.',
  'minSide.current': 'Nåværende avtale',
  'minSide.setCurrent': 'Lagre',
  'minSide.noData': 'Vi har ikke forbruk med spotpris for dette målepunktet ennå.',
  'minSide.details': 'Se hvordan det er regnet ut',
  'minSide.chartTitle': 'Kostnad per måned: nåværende avtale mot den billigste',
  'minSide.tableCaption': 'Kostnad per måned, inkludert mva',
  'minSide.month': 'Måned',
  'detail.title': 'Slik er besparelsen regnet ut',
  'detail.offers': 'Alle avtaler, billigst først',
  'detail.billTitle': 'Hele strømregningen per måned',
  'detail.billStromstotte':
    'Med nettleie fra {owner} etter tariffen deres, elavgift, Enova-avgift og mva, og strømstøtte time for time. Nettleien og støtten er den samme uansett strømleverandør, så besparelsen er forskjellen i strømdelen.',
  'detail.billNorgespris':
    'Med nettleie fra {owner} etter tariffen deres, elavgift, Enova-avgift og mva, og Norgespris slik fakturaene dine viser. Nettleien og oppgjøret er det samme uansett strømleverandør, så besparelsen er forskjellen i strømdelen.',
  'detail.billSupplier': 'Strøm nå',
  'detail.billGrid': 'Nettleie og avgifter',
  'detail.billSupport': 'Støtte / Norgespris',
  'detail.billTotal': 'Sum nå',
  'detail.billBest': 'Sum med beste avtale',
  'detail.offer': 'Avtale',
  'detail.type': 'Type',
  'detail.energy': 'Energi',
  'detail.markup': 'Påslag',
  'detail.fee': 'Fastbeløp',
  'detail.vat': 'Mva',
  'detail.total': 'Sum i perioden',
  'detail.yearly': 'Per år',
  'detail.type.spot': 'Spot',
  'detail.type.fixed': 'Fastpris',
  'detail.type.variable': 'Variabel',
  'detail.type.hourly_spot': 'Timespot',
  'detail.type.plus': 'Plussprodukt',
  'detail.demo': 'demo',
  'detail.binding': 'Bindingstid {months} mnd',
  'detail.basisTitle': 'Grunnlag',
  'detail.period': 'Periode: {from} til {to}',
  'detail.pricedHours': 'Timer med både forbruk og spotpris: {hours}',
  'detail.kwh': 'Forbruk i disse timene: {kwh} kWh',
  'detail.avgSpot': 'Gjennomsnittlig spotpris vektet med forbruket ditt: {ore} øre/kWh uten mva',
  'detail.missingKwh': 'Timer uten måling: {n} (regnet som hull, ikke som null)',
  'detail.missingPrice': 'Timer uten spotpris: {n}',
  'detail.estimated': 'Timer der spotprisen er regnet om fra euro med Norges Banks kurs: {n}',
  'detail.excluded': '{month} er ikke med: {reason}',
  'detail.reason.no-spot-price': 'vi har ingen spotpris for måneden',
  'detail.reason.no-consumption': 'vi har ikke forbruk for måneden',
  'detail.factor':
    'Energikostnaden er ganget med {factor} for å bli et helt år; fastbeløp er regnet for 12 måneder.',
  'detail.vatRule.standard': 'Merverdiavgift 25 % er lagt til alle beløp.',
  'detail.vatRule.north': 'Ingen merverdiavgift: husholdning i {county}.',
  'detail.formula':
    'Per avtale: sum over timene av forbruk × (spotpris eller avtalens energipris + påslag), pluss fastbeløp per måned, pluss mva.',
  'myData.title': 'Mine data',
  'myData.lead':
    'Last ned alt vi har lagret om deg, dekryptert, med formål, rettslig grunnlag og lagringstid for hver del.',
  'myData.download': 'Last ned alt (JSON)',
  'myData.erase': 'Slett meg',
  'myData.eraseLead': 'Se hva som slettes med en gang og hva loven krever at vi beholder, før du bekrefter.',
  'end.title': 'Dette avslutter kundeforholdet ditt',
  'end.lead':
    'Uten samtykket til analyse kan vi ikke levere tjenesten. Trekker du det, avsluttes kundeforholdet, og dette skjer med opplysningene dine:',
  'end.confirm': 'Trekk samtykket og avslutt kundeforholdet',
  'end.cancel': 'Avbryt',
  'end.done': 'Samtykket er trukket, og kundeforholdet er avsluttet.',
  'erase.title': 'Slett meg',
  'erase.lead': 'Dette skjer når du bekrefter:',
  'erase.delete': 'Slettes nå',
  'erase.pseudonymise': 'Alle personopplysninger fjernes; en tom konto uten opplysninger om deg står igjen',
  'erase.keep': 'Beholdes til {date} ({rule})',
  'erase.nothing': 'Ingenting lagret',
  'erase.keyNote':
    'Nøkkelen som krypterte opplysningene dine ødelegges, så heller ikke sikkerhetskopier kan leses. Det vi må beholde etter bokføringsloven er kryptert med en egen nøkkel som ødelegges når fristen løper ut.',
  'erase.password': 'Skriv passordet ditt for å bekrefte',
  'erase.confirm': 'Slett meg nå',
  'erase.held': 'Sperret fordi det pågår en tvist: beholdes uendret til sperren oppheves, så slettes det',
  'erase.pending': 'Slettingen venter på at en tvist avsluttes',
  'erase.pendingLead':
    'Det pågår en tvist om kundeforholdet ditt, så vi må beholde opplysningene til den er løst. Du er logget ut, og vi sletter alt som kan slettes så snart sperren oppheves.',
  'erase.done': 'Du er slettet',
  'erase.doneLead': 'Dette er gjort. Ta vare på denne oversikten.',
  'privacy.title': 'Personvernerklæring',
  'privacy.version': 'Versjon {version}, publisert {date}',
  'privacy.lead':
    'Denne siden lages fra koden som behandler opplysningene, så den sier det systemet faktisk gjør. Endrer vi noe vesentlig (et nytt formål, en ny kategori opplysninger eller en ny databehandler), varsler vi alle kunder vi har e-postadresse til.',
  'privacy.controller': 'Behandlingsansvarlig: {name}. Personvernombud og spørsmål: {contact}.',
  'privacy.categories': 'Hvilke opplysninger vi behandler, og hvor de kommer fra',
  'privacy.col.category': 'Opplysninger',
  'privacy.col.source': 'Kilde',
  'privacy.col.purposes': 'Formål',
  'privacy.col.retention': 'Lagringstid',
  'privacy.purposes': 'Formål og rettslig grunnlag',
  'privacy.retention': 'Hvor lenge vi lagrer',
  'privacy.processors': 'Databehandlere',
  'privacy.processorsLead':
    'Disse behandler opplysninger på våre vegne etter en databehandleravtale. Vi selger ikke personopplysninger og gir dem ikke til andre uten lovlig grunnlag.',
  'privacy.col.processor': 'Databehandler',
  'privacy.col.task': 'Oppgave',
  'privacy.col.categories': 'Opplysninger de får',
  'privacy.col.country': 'Land',
  'privacy.col.agreement': 'Avtale inngått',
  'privacy.transfers': 'Overføring til land utenfor EØS',
  'privacy.noTransfers': 'Vi overfører ikke personopplysninger til land utenfor EØS.',
  'privacy.automated': 'Automatiserte avgjørelser',
  'privacy.automatedText':
    'Vi tar ingen avgjørelser om deg som bare bygger på automatisk behandling og har rettsvirkning for deg. Besparelsen vi viser, er et regnestykke du selv bestemmer hva du gjør med. Du kan likevel be om at et menneske går gjennom en vurdering vi har gjort.',
  'privacy.cookiesTitle': 'Informasjonskapsler',
  'privacy.cookiesLead':
    'Nødvendige informasjonskapsler setter vi uten samtykke. Statistikk setter vi bare hvis du sier ja, og aldri når nettleseren sender «Do Not Track» eller «Global Privacy Control».',
  'privacy.col.cookie': 'Navn',
  'privacy.col.purpose': 'Formål',
  'privacy.col.kind': 'Type',
  'privacy.col.lifetime': 'Varighet',
  'privacy.necessary': 'Nødvendig',
  'privacy.optional': 'Valgfri (statistikk)',
  'privacy.rightsTitle': 'Dine rettigheter',
  'privacy.rights':
    'Du har disse rettighetene etter personvernforordningen. Vi svarer innen 30 dager og bekrefter først at det er deg.',
  'privacy.right.access': 'Innsyn: få en kopi av alt vi har om deg (JSON, CSV eller PDF).',
  'privacy.right.rectification': 'Retting: få uriktige opplysninger rettet eller supplert.',
  'privacy.right.erasure':
    'Sletting: få opplysningene slettet, bortsett fra det loven krever at vi beholder.',
  'privacy.right.restriction':
    'Begrensning: vi lagrer opplysningene, men bruker dem ikke, mens vi undersøker.',
  'privacy.right.portability':
    'Dataportabilitet: få opplysningene maskinlesbart, også signert for overføring til en annen virksomhet.',
  'privacy.right.objection': 'Protest: motsette deg behandling som bygger på vår berettigede interesse.',
  'privacy.right.marketing': 'Protest mot direkte markedsføring: gjelder straks og uten unntak.',
  'privacy.right.automated': 'Få en automatisert vurdering gjennomgått av et menneske.',
  'privacy.right.consent':
    'Trekke samtykker og fullmakter når som helst, på siden «Samtykker og fullmakter».',
  'privacy.how': 'Bruk «Mine data» når du er logget inn, eller skriv til {contact}.',
  'privacy.authorityTitle': 'Klage til Datatilsynet',
  'privacy.authority':
    'Mener du at vi behandler opplysningene dine i strid med regelverket, kan du klage til Datatilsynet, Postboks 458 Sentrum, 0105 Oslo, datatilsynet.no, telefon 22 39 69 00.',
  'cookies.change': 'Endre valget om informasjonskapsler',
  'cookies.settings': 'Informasjonskapsler',
  'cookies.title': 'Informasjonskapsler',
  'cookies.bannerTitle': 'Informasjonskapsler',
  'cookies.bannerText':
    'Vi bruker bare informasjonskapsler som trengs for at siden skal virke. Vil du også la oss telle sidevisninger (egen statistikk uten personopplysninger, deles ikke)?',
  'cookies.necessaryOnly': 'Bare nødvendige',
  'cookies.acceptStatistics': 'Godta statistikk',
  'cookies.current.none': 'Du har ikke valgt ennå.',
  'cookies.current.necessary': 'Du har valgt bare nødvendige informasjonskapsler.',
  'cookies.current.statistics': 'Du har godtatt statistikk.',
  'cookies.signal':
    'Nettleseren din ber om å ikke bli sporet (Do Not Track eller Global Privacy Control). Da teller vi ingenting, uansett valg.',
  'error.title': 'Noe gikk galt',
  'error.notFound': 'Siden finnes ikke.',
  'error.generic': 'Vi kunne ikke fullføre dette. Prøv igjen senere.',
  'error.badRequest': 'Forespørselen er ikke gyldig. Gå tilbake og prøv igjen.',
  'error.unauthenticated': 'Feil e-post eller passord.',
  'error.signInRequired': 'Du må logge inn først.',
  'error.rateLimited': 'For mange forsøk. Vent litt og prøv igjen.',
  'error.csrf': 'Skjemaet var utløpt. Last siden på nytt og prøv igjen.',
  'error.consent': 'Dette krever et samtykke eller en fullmakt du ikke har gitt.',
  'error.field.name_required': 'Skriv fullt navn.',
  'error.field.name_characters':
    'Navnet kan ikke inneholde kontrolltegn (som linjeskift eller tabulator) eller tegn som snur skriveretningen. Skriv navnet på nytt uten dem.',
  'error.field.email_invalid': 'Skriv en gyldig e-postadresse.',
  'error.field.phone_invalid': 'Skriv et gyldig mobilnummer, eller la feltet stå tomt.',
  'error.field.identity_number_format': 'Fødselsnummeret må ha 11 siffer.',
  'error.field.identity_number_check_digit': 'Fødselsnummeret har feil kontrollsiffer.',
  'error.field.identity_number_date': 'Fødselsnummeret har en ugyldig dato.',
  'error.field.password_length': 'Passordet må ha minst 10 tegn.',
  'error.field.account_exists': 'Det finnes allerede en konto med disse opplysningene. Logg inn i stedet.',
  'error.field.metering_point_id_format': 'Målepunkt-ID-en må ha 18 siffer.',
  'error.field.price_area_invalid': 'Velg prisområde.',
  'error.field.county_code_invalid': 'Fylkesnummeret må ha to siffer.',
  'error.field.text_outdated': 'Teksten er endret siden du leste den. Les den på nytt.',
  'error.field.invalid': 'Ugyldig verdi.',
  'upload.result':
    '{stored, plural, =0 {Ingen timer ble lagret} one {Lagret # time} other {Lagret # timer}}{months, plural, =0 {} one { i # måned} other { i # måneder}}. {rejected, plural, =0 {Ingen linjer ble avvist.} one {# linje ble avvist.} other {# linjer ble avvist.}}',
  'upload.notUtf8':
    'Filen er ikke lagret som UTF-8, så æ, ø og å ville blitt lest feil. Ingenting er lagret. Lagre filen som UTF-8 og last den opp på nytt: i Excel velger du Lagre som → «CSV UTF-8 (kommadelt)», i Notisblokk Lagre som → Koding: UTF-8.',
  'footer.text': 'Elvakt · personvern først · strømdata fra Elhub og Nord Pool',
} as const;

const nb = {
  ...coreNb,
  ...rightsNb,
  ...staffNb,
  ...monitoringNb,
  ...basisNb,
  ...authNb,
  ...householdsNb,
  ...onboardingNb,
  ...staffOidcNb,
  ...staffDepartureNb,
  ...privacyTextsNb,
  ...messagesNb,
  ...pricesNb,
};

export type MessageKey = keyof typeof nb;

const coreEn: Record<keyof typeof coreNb, string> = {
  'app.name': 'Elvakt',
  'app.tagline': 'See what you could save on electricity, worked out from your own use.',
  'nav.home': 'Home',
  'nav.minSide': 'My page',
  'nav.consents': 'Consents and powers of attorney',
  'nav.myData': 'My data',
  'nav.privacy': 'Privacy',
  'nav.signIn': 'Sign in',
  'nav.signOut': 'Sign out',
  'nav.signUp': 'Sign up',
  'nav.language': 'Norsk',
  'nav.skip': 'Skip to content',
  'home.title': 'Are you paying too much for electricity?',
  'home.lead':
    'Elvakt works out what your electricity would have cost under every contract on the market, hour by hour, from your own consumption. You see what you could save per year for each metering point, and how the figure was worked out.',
  'home.how1': 'You give consent and a power of attorney to fetch your consumption from Elhub.',
  'home.how2': 'We price every hour you used electricity against the spot price and every contract.',
  'home.how3': 'You see the saving and its basis, and can withdraw consent and erase yourself at any time.',
  'home.demo': 'Try the demo household: e-mail {email}, password {password}.',
  'signIn.title': 'Sign in',
  'signIn.email': 'E-mail',
  'signIn.password': 'Password',
  'signIn.submit': 'Sign in',
  'signIn.noAccount': 'Not a customer yet?',
  'signUp.title': 'Sign up',
  'signUp.lead':
    'We need your name, e-mail and national identity number to fetch your consumption from Elhub on your behalf.',
  'signUp.name': 'Full name',
  'signUp.email': 'E-mail',
  'signUp.phone': 'Mobile number (optional)',
  'signUp.identityNumber': 'National identity number (11 digits)',
  'signUp.identityNumberHint': 'Used only to fetch your metering points from Elhub. Stored encrypted.',
  'signUp.password': 'Choose a password (at least 10 characters)',
  'signUp.submit': 'Create account',
  'consents.title': 'Consents and powers of attorney',
  'consents.lead':
    'Here you see what you have allowed us to do, and can change it whenever you like. Each consent is stored with the time and the version of the text you saw.',
  'consents.required': 'Needed for the service',
  'consents.optional': 'Optional',
  'consents.give': 'I consent',
  'consents.grant': 'I grant this power of attorney',
  'consents.status.active': 'Given {date}',
  'consents.status.withdrawn': 'Withdrawn {date}',
  'consents.status.expired': 'Expired {date}',
  'consents.status.never': 'Not given',
  'consents.validUntil': 'Valid until {date}',
  'consents.version': 'Text version {version}',
  'consents.save': 'Save choices',
  'consents.history': 'History',
  'consents.uses': 'When the powers of attorney were used',
  'consents.withdrawWarning':
    'If you withdraw consent to analysis, the customer relationship ends. You see exactly what is deleted and what is kept before you confirm.',
  'consents.kind.consent': 'Consent',
  'consents.kind.power_of_attorney': 'Power of attorney',
  'consents.action.given': 'given',
  'consents.action.withdrawn': 'withdrawn',
  'minSide.title': 'My page',
  'minSide.hello': 'Hello, {name}',
  'minSide.needConsent':
    'To work out your saving we need your consent and a power of attorney to fetch your consumption from Elhub.',
  'minSide.giveConsent': 'Give consent and power of attorney',
  'minSide.noPoints':
    'We have no metering points for you yet. Add a metering point and upload your consumption from Elhub.',
  'minSide.addPoint': 'Add metering point',
  'minSide.meteringPointId': 'Metering point ID (18 digits)',
  'minSide.priceArea': 'Price area',
  'minSide.county': 'County number (optional, two digits)',
  'minSide.countyHint':
    'Households in Nordland (18), Troms (55) and Finnmark (56) pay no VAT on electricity.',
  'minSide.upload': 'Upload consumption from Elhub (CSV)',
  'minSide.uploadHint':
    'Download the file from Elhub\'s "Min side" and upload it here. We use only the last 16 months.',
  'minSide.uploadSubmit': 'Upload',
  'minSide.point': 'Metering point {id}',
  'minSide.area': 'Price area {area}',
  'minSide.checkDigit': "The metering point ID's check digit is wrong. Check the ID against your invoice.",
  'minSide.saving': 'You could save {amount} per year',
  'minSide.noSaving': 'You already have the cheapest contract we know of.',
  'minSide.savingBy': 'by switching from {current} to {best}.',
  'minSide.range':
    'Probably between {low} and {high} a year: your months vary, and a new year will not be quite like the last.',
  'minSide.profileInvoices':
    'We do not have hourly values for this metering point yet. The figure uses a standard household profile, scaled to {kwh} kWh a year from your invoices.',
  'minSide.profileEstimate':
    'We have neither hourly values nor invoices for this metering point. The figure uses a standard profile and a standard use of {kwh} kWh a year, and is only an estimate.',
  'minSide.exitFee': 'Your contract still binds you: the exit fee of {amount} has been taken off.',
  'minSide.chooseCurrent': 'Which contract are you on now? Choose it to see what you could save.',
  'minSide.current': 'Current contract',
  'minSide.setCurrent': 'Save',
  'minSide.noData': 'We have no consumption with a spot price for this metering point yet.',
  'minSide.details': 'See how it was worked out',
  'minSide.chartTitle': 'Cost per month: current contract against the cheapest',
  'minSide.tableCaption': 'Cost per month, including VAT',
  'minSide.month': 'Month',
  'detail.title': 'How the saving was worked out',
  'detail.offers': 'Every contract, cheapest first',
  'detail.billTitle': 'The whole electricity bill, month by month',
  'detail.billStromstotte':
    'With grid rent from {owner} by their tariff, electricity tax, the Enova fee and VAT, and strømstøtte hour by hour. Grid rent and support are the same whichever supplier you choose, so the saving is the difference in the electricity part.',
  'detail.billNorgespris':
    'With grid rent from {owner} by their tariff, electricity tax, the Enova fee and VAT, and Norgespris as your invoices show. Grid rent and the settlement are the same whichever supplier you choose, so the saving is the difference in the electricity part.',
  'detail.billSupplier': 'Electricity now',
  'detail.billGrid': 'Grid rent and taxes',
  'detail.billSupport': 'Support / Norgespris',
  'detail.billTotal': 'Total now',
  'detail.billBest': 'Total with the best offer',
  'detail.offer': 'Contract',
  'detail.type': 'Type',
  'detail.energy': 'Energy',
  'detail.markup': 'Markup',
  'detail.fee': 'Monthly fees',
  'detail.vat': 'VAT',
  'detail.total': 'Total in the period',
  'detail.yearly': 'Per year',
  'detail.type.spot': 'Spot',
  'detail.type.fixed': 'Fixed price',
  'detail.type.variable': 'Variable',
  'detail.type.hourly_spot': 'Hourly spot',
  'detail.type.plus': 'Bundled product',
  'detail.demo': 'demo',
  'detail.binding': 'Binding {months, plural, one {# month} other {# months}}',
  'detail.basisTitle': 'Basis',
  'detail.period': 'Period: {from} to {to}',
  'detail.pricedHours': 'Hours with both consumption and a spot price: {hours}',
  'detail.kwh': 'Consumption in those hours: {kwh} kWh',
  'detail.avgSpot': 'Average spot price weighted by your consumption: {ore} øre/kWh excluding VAT',
  'detail.missingKwh': 'Hours without a reading: {n} (treated as gaps, not as zero)',
  'detail.missingPrice': 'Hours without a spot price: {n}',
  'detail.estimated': "Hours whose spot price was converted from euro at Norges Bank's rate: {n}",
  'detail.excluded': '{month} is left out: {reason}',
  'detail.reason.no-spot-price': 'we have no spot price for that month',
  'detail.reason.no-consumption': 'we have no consumption for that month',
  'detail.factor':
    'The energy cost is multiplied by {factor} to make a whole year; monthly fees are counted for 12 months.',
  'detail.vatRule.standard': '25 % VAT is added to every amount.',
  'detail.vatRule.north': 'No VAT: household in {county}.',
  'detail.formula':
    "Per contract: the sum over the hours of consumption × (spot price or the contract's energy price + markup), plus the monthly fee per month, plus VAT.",
  'myData.title': 'My data',
  'myData.lead':
    'Download everything we hold about you, decrypted, with the purpose, legal basis and retention of each part.',
  'myData.download': 'Download everything (JSON)',
  'myData.erase': 'Erase me',
  'myData.eraseLead': 'See what is deleted at once and what the law makes us keep, before you confirm.',
  'end.title': 'This ends your customer relationship',
  'end.lead':
    'Without the consent to analysis we cannot provide the service. If you withdraw it, the customer relationship ends, and this happens to your data:',
  'end.confirm': 'Withdraw the consent and end the relationship',
  'end.cancel': 'Cancel',
  'end.done': 'The consent is withdrawn and the customer relationship has ended.',
  'erase.title': 'Erase me',
  'erase.lead': 'This is what happens when you confirm:',
  'erase.delete': 'Deleted now',
  'erase.pseudonymise': 'Every personal field is removed; an empty account with nothing about you remains',
  'erase.keep': 'Kept until {date} ({rule})',
  'erase.nothing': 'Nothing stored',
  'erase.keyNote':
    'The key that encrypted your data is destroyed, so not even backups can be read. What the Bookkeeping Act makes us keep is encrypted under a separate key that is destroyed when the period runs out.',
  'erase.password': 'Enter your password to confirm',
  'erase.confirm': 'Erase me now',
  'erase.held': 'Held because of a dispute: kept unchanged until the hold is released, then deleted',
  'erase.pending': 'Your erasure waits for a dispute to end',
  'erase.pendingLead':
    'There is a dispute about your customer relationship, so we must keep the data until it is settled. You are signed out, and we delete everything that may be deleted as soon as the hold is released.',
  'erase.done': 'You have been erased',
  'erase.doneLead': 'This is what was done. Keep this summary.',
  'privacy.title': 'Privacy policy',
  'privacy.version': 'Version {version}, published {date}',
  'privacy.lead':
    'This page is generated from the code that processes the data, so it says what the system actually does. If we change something material (a new purpose, a new category of data or a new processor) we notify every customer we have an e-mail address for.',
  'privacy.controller': 'Controller: {name}. Data protection officer and questions: {contact}.',
  'privacy.categories': 'What we process, and where it comes from',
  'privacy.col.category': 'Data',
  'privacy.col.source': 'Source',
  'privacy.col.purposes': 'Purposes',
  'privacy.col.retention': 'Retention',
  'privacy.purposes': 'Purposes and legal bases',
  'privacy.retention': 'How long we keep it',
  'privacy.processors': 'Processors',
  'privacy.processorsLead':
    'These process data on our behalf under a data processing agreement. We do not sell personal data and do not give it to others without a legal basis.',
  'privacy.col.processor': 'Processor',
  'privacy.col.task': 'Task',
  'privacy.col.categories': 'Data they receive',
  'privacy.col.country': 'Country',
  'privacy.col.agreement': 'Agreement since',
  'privacy.transfers': 'Transfers outside the EEA',
  'privacy.noTransfers': 'We do not transfer personal data to countries outside the EEA.',
  'privacy.automated': 'Automated decisions',
  'privacy.automatedText':
    'We make no decisions about you that rest on automated processing alone and have legal effects for you. The saving we show is a calculation you decide what to do with. You can still ask for a person to review an assessment we made.',
  'privacy.cookiesTitle': 'Cookies',
  'privacy.cookiesLead':
    'We set necessary cookies without consent. Statistics only if you say yes, and never when the browser sends "Do Not Track" or "Global Privacy Control".',
  'privacy.col.cookie': 'Name',
  'privacy.col.purpose': 'Purpose',
  'privacy.col.kind': 'Kind',
  'privacy.col.lifetime': 'Lifetime',
  'privacy.necessary': 'Necessary',
  'privacy.optional': 'Optional (statistics)',
  'privacy.rightsTitle': 'Your rights',
  'privacy.rights':
    'You have these rights under the GDPR. We answer within 30 days and first confirm that it is you.',
  'privacy.right.access': 'Access: a copy of everything we hold about you (JSON, CSV or PDF).',
  'privacy.right.rectification': 'Rectification: wrong data corrected or completed.',
  'privacy.right.erasure': 'Erasure: your data deleted, except what the law requires us to keep.',
  'privacy.right.restriction':
    'Restriction: we store your data but do not use it while we look into a matter.',
  'privacy.right.portability':
    'Data portability: your data in machine-readable form, also signed for transfer to another company.',
  'privacy.right.objection': 'Objection: object to processing based on our legitimate interest.',
  'privacy.right.marketing': 'Objection to direct marketing: takes effect at once, without exception.',
  'privacy.right.automated': 'Have an automated assessment reviewed by a person.',
  'privacy.right.consent':
    'Withdraw consents and powers of attorney at any time, on the page "Consents and powers of attorney".',
  'privacy.how': 'Use "My data" when signed in, or write to {contact}.',
  'privacy.authorityTitle': 'Complaints to Datatilsynet',
  'privacy.authority':
    'If you think we process your data against the rules, you can complain to Datatilsynet (the Norwegian Data Protection Authority), Postboks 458 Sentrum, 0105 Oslo, datatilsynet.no, phone +47 22 39 69 00.',
  'cookies.change': 'Change your cookie choice',
  'cookies.settings': 'Cookies',
  'cookies.title': 'Cookies',
  'cookies.bannerTitle': 'Cookies',
  'cookies.bannerText':
    'We only use cookies the site needs to work. Will you also let us count page views (our own statistics, no personal data, not shared)?',
  'cookies.necessaryOnly': 'Only necessary',
  'cookies.acceptStatistics': 'Accept statistics',
  'cookies.current.none': 'You have not chosen yet.',
  'cookies.current.necessary': 'You chose only necessary cookies.',
  'cookies.current.statistics': 'You accepted statistics.',
  'cookies.signal':
    'Your browser asks not to be tracked (Do Not Track or Global Privacy Control). Then we count nothing, whatever you choose.',
  'error.title': 'Something went wrong',
  'error.notFound': 'The page does not exist.',
  'error.generic': 'We could not complete this. Please try again later.',
  'error.badRequest': 'The request is not valid. Go back and try again.',
  'error.unauthenticated': 'Wrong e-mail address or password.',
  'error.signInRequired': 'Please sign in first.',
  'error.rateLimited': 'Too many attempts. Wait a little and try again.',
  'error.csrf': 'The form had expired. Reload the page and try again.',
  'error.consent': 'This needs a consent or power of attorney you have not given.',
  'error.field.name_required': 'Enter your full name.',
  'error.field.name_characters':
    'A name cannot contain control characters (such as line breaks or tabs) or characters that change the writing direction. Type the name again without them.',
  'error.field.email_invalid': 'Enter a valid e-mail address.',
  'error.field.phone_invalid': 'Enter a valid mobile number, or leave the field empty.',
  'error.field.identity_number_format': 'The identity number must have 11 digits.',
  'error.field.identity_number_check_digit': 'The identity number has a wrong check digit.',
  'error.field.identity_number_date': 'The identity number has an invalid date.',
  'error.field.password_length': 'The password must have at least 10 characters.',
  'error.field.account_exists': 'An account with these details already exists. Sign in instead.',
  'error.field.metering_point_id_format': 'The metering point ID must have 18 digits.',
  'error.field.price_area_invalid': 'Choose a price area.',
  'error.field.county_code_invalid': 'The county number must have two digits.',
  'error.field.text_outdated': 'The text has changed since you read it. Read it again.',
  'error.field.invalid': 'Invalid value.',
  'upload.result':
    '{stored, plural, =0 {No hours were stored} one {Stored # hour} other {Stored # hours}}{months, plural, =0 {} one { in # month} other { in # months}}. {rejected, plural, =0 {No lines were refused.} one {# line was refused.} other {# lines were refused.}}',
  'upload.notUtf8':
    'The file is not saved as UTF-8, so æ, ø and å would be read wrongly. Nothing was stored. Save the file as UTF-8 and upload it again: in Excel choose Save As → "CSV UTF-8 (Comma delimited)", in Notepad Save As → Encoding: UTF-8.',
  'footer.text': 'Elvakt · privacy first · electricity data from Elhub and Nord Pool',
};

const en: Record<MessageKey, string> = {
  ...coreEn,
  ...rightsEn,
  ...staffEn,
  ...monitoringEn,
  ...basisEn,
  ...authEn,
  ...householdsEn,
  ...onboardingEn,
  ...staffOidcEn,
  ...staffDepartureEn,
  ...privacyTextsEn,
  ...messagesEn,
  ...pricesEn,
};

export const MESSAGES: Record<Locale, Record<MessageKey, string>> = { nb, en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const pluralRules: Record<Locale, Intl.PluralRules> = {
  nb: new Intl.PluralRules('nb-NO'),
  en: new Intl.PluralRules('en-GB'),
};

/** A count as a page passes it: a number, or one already formatted ("5 063", "1,5"). */
const countOf = (v: string | number): number =>
  typeof v === 'number'
    ? v
    : Number(
        v
          .replace(/[\s\u00a0\u202f]/g, '')
          .replace(',', '.')
          .replace('−', '-'),
      );

/** One `{name, plural, one {…} other {…}}` in a text: where it starts and ends, and its forms. */
interface PluralSpan {
  readonly start: number;
  readonly end: number;
  readonly name: string;
  readonly forms: ReadonlyMap<string, string>;
}

const PLURAL_START = /\{(\w+),\s*plural,/g;

/**
 * The plural selections of a text, ICU-like: `{n, plural, one {# linje} other {# linjer}}`,
 * where `#` is the count as passed and a form may be `=0` for an exact count. Throws on a
 * selection it cannot read, so that a broken text fails the message test, not a page.
 */
export const pluralSpans = (text: string): PluralSpan[] => {
  const spans: PluralSpan[] = [];
  for (const m of text.matchAll(PLURAL_START)) {
    let i = (m.index ?? 0) + m[0].length;
    const forms = new Map<string, string>();
    for (;;) {
      while (/\s/.test(text[i] ?? '')) i++;
      if (text[i] === '}') break;
      const selector = /^[=\w]+/.exec(text.slice(i))?.[0];
      if (!selector) throw new Error(`unreadable plural in "${text}"`);
      i += selector.length;
      while (/\s/.test(text[i] ?? '')) i++;
      if (text[i] !== '{') throw new Error(`plural form ${selector} without a text in "${text}"`);
      let depth = 1;
      const from = ++i;
      for (; i < text.length && depth > 0; i++) {
        if (text[i] === '{') depth++;
        else if (text[i] === '}') depth--;
      }
      if (depth > 0) throw new Error(`unclosed plural form in "${text}"`);
      forms.set(selector, text.slice(from, i - 1));
    }
    spans.push({ start: m.index ?? 0, end: i + 1, name: m[1] as string, forms });
  }
  return spans;
};

/** A text with its plural selections made by the locale's rules (Intl.PluralRules) for the counts in params. */
export const selectPlurals = (
  text: string,
  locale: Locale,
  params: Readonly<Record<string, string | number>> = {},
): string => {
  let out = text;
  for (const span of pluralSpans(text).reverse()) {
    const value = params[span.name] ?? 0;
    const n = countOf(value);
    const form =
      span.forms.get(`=${n}`) ??
      span.forms.get(pluralRules[locale].select(n)) ??
      span.forms.get('other') ??
      '';
    out = out.slice(0, span.start) + form.replaceAll('#', String(value)) + out.slice(span.end);
  }
  return out;
};

export const translator =
  (locale: Locale): Translate =>
  (key, params) => {
    let text: string = selectPlurals(MESSAGES[locale][key] ?? key, locale, params);
    if (params) for (const [k, v] of Object.entries(params)) text = text.replaceAll(`{${k}}`, String(v));
    return text;
  };

/** A key a service or parser names, if the interface has a text for it. */
export const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(nb, key);

/**
 * A message from a service or parser in the reader's language: its key's text with its
 * parameters, times among them (`time`, ISO) shown in Oslo time. A key the interface has no
 * text for shows the general error text, never the service's English.
 */
export const renderUserMessage = (locale: Locale, message: UserMessage): string => {
  const params: Record<string, string | number> = { ...message.params };
  if (typeof params.time === 'string') params.time = formatDateTime(new Date(params.time), locale);
  return translator(locale)(isMessageKey(message.key) ? message.key : 'error.generic', params);
};

/** A field error code from a service, as a message key, falling back to a generic one. */
export const fieldMessageKey = (code: string): MessageKey => {
  const key = `error.field.${code}`;
  return key in nb ? (key as MessageKey) : 'error.field.invalid';
};

const dateTimeFormat = {
  nb: new Intl.DateTimeFormat('nb-NO', { timeZone: 'Europe/Oslo', dateStyle: 'medium', timeStyle: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', dateStyle: 'medium', timeStyle: 'short' }),
};
const monthFormat = {
  nb: new Intl.DateTimeFormat('nb-NO', { timeZone: 'UTC', month: 'long', year: 'numeric' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' }),
};
const shortMonthFormat = {
  nb: new Intl.DateTimeFormat('nb-NO', { timeZone: 'UTC', month: 'short', year: '2-digit' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'short', year: '2-digit' }),
};

/** Dates are shown in Oslo time; months ('YYYY-MM') are calendar labels. */
export const formatDate = (d: Date | string, locale: Locale): string =>
  formatLongDate(typeof d === 'string' ? new Date(`${d}T12:00:00Z`) : d, locale);
export const formatDateTime = (d: Date, locale: Locale): string => dateTimeFormat[locale].format(d);
const monthDate = (month: string) => new Date(`${month}-15T00:00:00Z`);
export const formatMonth = (month: string, locale: Locale): string =>
  monthFormat[locale].format(monthDate(month));
export const formatShortMonth = (month: string, locale: Locale): string =>
  shortMonthFormat[locale].format(monthDate(month));
const monthAbbrevFormat = {
  nb: new Intl.DateTimeFormat('nb-NO', { timeZone: 'UTC', month: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'short' }),
};
/** The month alone, abbreviated ('jan', 'Jan'): for a chart's axis on a phone, where the year does not fit. */
export const formatMonthAbbrev = (month: string, locale: Locale): string =>
  monthAbbrevFormat[locale].format(monthDate(month));
/** Numbers have their formats in the platform, so a module's e-mail or export writes them as the pages do. */
export { formatKwh, formatNumber, kwhDecimals } from '../platform/numbers.ts';
