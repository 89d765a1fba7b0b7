/**
 * Text for the first-visit guide through consents and powers of attorney, the requests on
 * "Mine data" and the staff desk's newer pages; merged into the messages in i18n.ts.
 */
export const onboardingNb = {
  // The first-visit guide through consents and powers of attorney.
  'onboarding.intro.title': 'Velkommen! Før du gir oss lov til noe',
  'onboarding.intro.lead':
    'Vi går gjennom ett samtykke og én fullmakt om gangen. For hver av dem forklarer vi med vanlige ord hva den gir oss lov til, hva den ikke gir oss lov til, hvor lenge den gjelder og hvordan du trekker den tilbake. Ingenting er gitt før du trykker på knappen i steget. Du kan hoppe over det du ikke vil gi, og endre alt senere.',
  'onboarding.start': 'Start gjennomgangen',
  'onboarding.again': 'Gå gjennom samtykkene og fullmaktene ett og ett steg, med forklaring',
  'onboarding.allAtOnce': 'Eller velg alt på én side',
  'onboarding.step': 'Steg {n} av {total}',
  'onboarding.allows': 'Dette gir oss lov til',
  'onboarding.doesNot': 'Dette gir oss ikke lov til',
  'onboarding.howLong': 'Hvor lenge',
  'onboarding.howWithdraw': 'Slik trekker du det tilbake',
  'onboarding.exact': 'Teksten du sier ja til (tekstversjon {version})',
  'onboarding.notRecorded':
    'Ingenting er lagret ennå. Trykker du på knappen, lagrer vi tidspunktet, at det skjedde her i gjennomgangen og at du så tekstversjon {version}.',
  'onboarding.requiredNote':
    'Uten dette kan vi ikke regne ut hva du kan spare. Du kan likevel hoppe over det nå og gi det senere.',
  'onboarding.skip': 'Ikke nå, gå videre',
  'onboarding.already': 'Du har allerede gitt dette ({date}, tekstversjon {version}).',
  'onboarding.next': 'Videre',
  'onboarding.back': 'Tilbake',
  'onboarding.overview': 'Alle samtykker og fullmakter på én side',
  'onboarding.whatMeans': 'Hva betyr dette?',
  'onboarding.duration.untilWithdrawn': 'Til du trekker det tilbake. Det går ikke ut av seg selv.',
  'onboarding.duration.months':
    'I {months, plural, one {# måned} other {# måneder}} fra du gir den. Deretter gjelder den ikke lenger, og vi må spørre deg på nytt.',
  'onboarding.withdraw':
    'Når som helst på siden «Samtykker og fullmakter»: fjern haken og lagre. Det gjelder med en gang.',
  'onboarding.done.title': 'Ferdig: dette har du valgt',
  'onboarding.done.lead':
    'Du kan gi og trekke tilbake hvert samtykke og hver fullmakt når du vil på siden «Samtykker og fullmakter». Der ser du også når du ga eller trakk hver av dem, hvilken tekstversjon du så og hvor det skjedde.',
  'onboarding.done.toMinSide': 'Gå til Min side',
  'onboarding.done.toConsents': 'Se eller endre samtykker og fullmakter',
  'onboarding.channel.web': 'på nettsiden',
  'onboarding.channel.web-onboarding': 'i gjennomgangen på nettsiden',
  'onboarding.channel.staff': 'hos kundeservice',
  'onboarding.channel.cli': 'registrert av oss',
  'onboarding.invoice_analysis.allows':
    'Å lese strømfakturaene dine og timeforbruket ditt, og regne ut hva du ville betalt med hver strømavtale i markedet, slik at du ser hva du kan spare per år for hvert målepunkt.',
  'onboarding.invoice_analysis.not':
    'Å hente mer enn 16 måneder tilbake. Å hente noe fra Elhub eller banken din, bytte avtale for deg eller gi opplysningene til en strømleverandør: det krever egne fullmakter, som du ser i de neste stegene.',
  'onboarding.invoice_analysis.withdraw':
    'Tjenesten virker ikke uten dette samtykket, så da avsluttes kundeforholdet. Før noe skjer, viser vi deg nøyaktig hva som slettes med en gang og hva loven krever at vi beholder, og til når, og du må bekrefte.',
  'onboarding.continued_monitoring.allows':
    'Å fortsette å hente nye fakturaer og nytt forbruk, regne om besparelsen når priser eller avtaler endrer seg, og varsle deg når du kan spare.',
  'onboarding.continued_monitoring.not':
    'Å varsle deg om samme endring mer enn én gang, eller å bytte avtale for deg: det gjør vi bare med en egen fullmakt og når du har bekreftet byttet.',
  'onboarding.continued_monitoring.withdraw':
    'Hentingen og varslene stopper med en gang, og varslingsinnstillingene dine slettes. Hvert varsel har også en lenke som stopper varslene uten at du må logge inn.',
  'onboarding.elhub_metering_values.allows':
    'Å hente timeforbruket for målepunktene dine fra Elhub, den nasjonale databasen for måleverdier, inntil 16 måneder tilbake og fortløpende mens fullmakten gjelder.',
  'onboarding.elhub_metering_values.not':
    'Å hente forbruk for andre enn deg, å gå lenger tilbake enn 16 måneder, eller å endre noe i Elhub.',
  'onboarding.elhub_metering_values.withdraw':
    'Vi henter ikke mer fra Elhub. Forbruket vi allerede har hentet, ser du under «Mine data», der du også kan be om at det slettes.',
  'onboarding.elhub_master_data.allows':
    'Å hente opplysninger om målepunktene dine fra Elhub: målepunkt-ID, adresse, prisområde, nettselskap, nåværende strømleverandør og forventet årsforbruk.',
  'onboarding.elhub_master_data.not':
    'Å hente forbruket ditt (det er en egen fullmakt), eller å endre noe i Elhub.',
  'onboarding.elhub_master_data.withdraw':
    'Vi henter ikke flere opplysninger om målepunktene fra Elhub. Det vi allerede har, ser du under «Mine data».',
  'onboarding.invoice_fetching.allows':
    'Å hente eFakturaer fra nettbanken din, bare fra selskaper som selger, produserer eller distribuerer strøm, og aldri mer enn 16 måneder tilbake.',
  'onboarding.invoice_fetching.not':
    'Å lese fakturaer fra andre selskaper (de lastes ikke ned), å se kontoene dine eller å betale noe.',
  'onboarding.invoice_fetching.withdraw':
    'Vi henter ingen flere fakturaer fra banken. Fakturaene vi allerede har, og hvor lenge loven krever at vi beholder dem, ser du under «Mine data».',
  'onboarding.credit_check.allows':
    'Å innhente en kredittvurdering av deg fra et kredittopplysningsbyrå når du ber oss bytte strømleverandør for deg og den nye leverandøren krever det.',
  'onboarding.credit_check.not': 'Å sjekke kreditten din til noe annet enn et bytte du selv har bedt om.',
  'onboarding.credit_check.withdraw':
    'Vi innhenter ingen kredittvurdering etter at du har trukket fullmakten.',
  'onboarding.supplier_switch.allows':
    'Å inngå avtale med den strømleverandøren og avtalen du velger, og si opp den gamle, for målepunktene du velger.',
  'onboarding.supplier_switch.not': 'Å bytte noe som helst uten at du har bekreftet akkurat det byttet.',
  'onboarding.supplier_switch.withdraw':
    'Vi bytter ikke noe for deg etter at du har trukket fullmakten. Et bytte som allerede er gjort, gjelder fortsatt.',
  'onboarding.efaktura_agreement.allows':
    'Å opprette avtale om eFaktura i nettbanken din for den nye strømleverandøren etter et bytte, så fakturaen kommer dit den kom før.',
  'onboarding.efaktura_agreement.not': 'Å endre andre eFaktura-avtaler, eller å betale fakturaer.',
  'onboarding.efaktura_agreement.withdraw':
    'Vi oppretter ingen nye eFaktura-avtaler. En avtale som allerede er opprettet, styrer du selv i nettbanken.',
  'onboarding.move_in_out.allows':
    'Å melde innflytting og utflytting på målepunktene dine i Elhub når du flytter, på de datoene du oppgir.',
  'onboarding.move_in_out.not':
    'Å melde noe du ikke har bedt om, eller på andre datoer enn dem du har oppgitt.',
  'onboarding.move_in_out.withdraw': 'Vi melder ingen flytting for deg etter at du har trukket fullmakten.',
  // Requests on "Mine data".
  'request.lead.access':
    'Du får se alt vi har om deg, hvorfor vi har det og hvor lenge vi beholder det. Når vi har bekreftet at det er deg, laster du det ned her (JSON, CSV eller PDF).',
  'request.lead.portability':
    'Du får opplysningene du selv har gitt oss og som er samlet inn om deg, i et maskinlesbart format signert av oss, klart til å gi til en annen virksomhet.',
  'request.lead.erasure':
    'Før du bekrefter, ser du hva som slettes med en gang, og hva loven krever at vi beholder og til hvilken dato.',
  'request.toErase': 'Se hva som slettes, og bekreft',
  'request.closedAt': 'Avsluttet {date}. Fristen var {due}.',
  'request.erasePlan': 'Dette skjer når du har bekreftet at det er deg',
  'request.erase.pseudonymiseUntil':
    'Alle personopplysninger fjernes nå; en tom konto med bare datoen kontoen ble opprettet står igjen til {date} ({rule})',
  // The staff desk.
  'desk.nav.staff': 'Ansatte',
  'desk.role.customer_service': 'kundeservice',
  'desk.role.dpo': 'personvernombud',
  'desk.role.admin': 'administrator',
  'desk.queue.summary':
    '{total, plural, one {# åpen forespørsel} other {# åpne forespørsler}}: {overdue} over fristen, {soon} med under en uke igjen.',
  'desk.channel.web': 'nettsiden',
  'desk.channel.letter': 'brev',
  'desk.channel.phone': 'telefon',
  'desk.channel.email': 'e-post',
  'desk.channel.in_person': 'oppmøte',
  'desk.method.fresh_login': 'nylig innlogging',
  'desk.method.code_email': 'engangskode på e-post',
  'desk.method.code_sms': 'engangskode på SMS',
  'desk.method.staff': 'bekreftet av ansatt',
  'desk.field.name': 'Fullt navn',
  'desk.field.email': 'E-post',
  'desk.field.phone': 'Mobilnummer',
  'desk.status.active': 'Aktiv',
  'desk.status.erasure_pending': 'Sletting venter på at et sletteforbud oppheves',
  'desk.status.erased': 'Slettet',
  'desk.restriction.restriction': 'Begrensning',
  'desk.restriction.objection': 'Protest tatt til følge',
  'desk.restriction.marketing_objection': 'Protest mot markedsføring',
  'desk.request.customer': 'Hvem forespørselen gjelder',
  'desk.request.customerErased':
    'Kunden er slettet. Forespørselen beholdes som dokumentasjon på hva som ble gjort.',
  'desk.request.customerPending': 'Kunden er logget ut og venter på sletting til sletteforbudet oppheves.',
  'desk.request.received': 'mottatt {date}',
  'desk.request.channel': 'kom via {channel}',
  'desk.request.cleared': '(skal fjernes)',
  'desk.request.verifyLead':
    'Sammenlign det kunden har oppgitt (for eksempel navn og fødselsdato i et signert brev, eller legitimasjon ved oppmøte) med opplysningene over. Ingenting vises eller endres for kunden før identiteten er bekreftet.',
  'desk.request.extract': 'Lag utdraget',
  'desk.request.extractLead':
    'Utdraget inneholder alt vi har om kunden, også hele fødselsnummeret. Send det bare til adressen vi har registrert, og marker deretter forespørselen som besvart. Hver nedlasting logges.',
  'desk.request.extractNotYours':
    'Utdraget inneholder hele fødselsnummeret, så det lages av personvernombudet. Kunden kan også laste det ned selv under «Mine data».',
  'desk.request.erase': 'Gjennomfør slettingen',
  'desk.request.eraseLead':
    'Dette kan ikke angres. Alt i planen over som står som «Slettes nå», slettes, og nøkkelen til opplysningene destrueres. Det som beholdes, står med dato og lovhjemmel.',
  'desk.request.eraseNotYours': 'Bare personvernombudet kan gjennomføre en sletting.',
  'desk.request.decideNotYours': 'Bare personvernombudet kan avgjøre denne forespørselen.',
  'desk.request.erasureDone': 'Dette ble gjort',
  'desk.request.keptUntil': 'Beholdes til {date}',
  'desk.request.rectifyLead':
    'Verdiene kunden ba om står ferdig utfylt. Rett dem om nødvendig (for eksempel en skrivefeil du har avklart med kunden). Et felt du tømmer, endres slik kunden ba om.',
  'desk.request.resolutionOptional': 'Svar til kunden (valgfritt)',
  'desk.request.restrict': 'Begrens behandlingen mens saken pågår',
  'desk.request.restrictLead':
    'Når kunden bestrider at opplysningene stemmer, eller har protestert, kan behandlingen begrenses til saken er avgjort. Opplysningene lagres, men brukes ikke til det du krysser av for.',
  'desk.request.restrictPurposes': 'Hva skal stoppes?',
  'desk.extract.pdf': 'Registerutskrift (PDF)',
  'desk.extract.json': 'Alt (JSON)',
  'desk.extract.csv': 'Alt (CSV)',
  'desk.extract.portability': 'Portabilitetspakke (signert JSON)',
  'desk.error.conflict': 'Forespørselen er ikke lenger i et trinn der dette kan gjøres. Last siden på nytt.',
  'desk.customers.purposeHint':
    'For eksempel «Kunden ringte om en faktura» eller «Behandle innsynsbegjæring». Formålet lagres i revisjonsloggen sammen med oppslaget.',
  'desk.customers.queryHint':
    'Fullt navn (likt stavet, store og små bokstaver spiller ingen rolle), e-post, fødselsnummer (11 siffer) eller målepunkt-ID (18 siffer).',
  'desk.customers.matches':
    '{n, plural, one {# kunde har} other {# kunder har}} dette navnet. Velg den rette ut fra fødselsdatoen:',
  'desk.customers.open': 'Åpne',
  'desk.card.id': 'Kunde-id',
  'desk.card.newRequest': 'Registrer en forespørsel som kom på annen måte',
  'desk.card.newRequestLead':
    'Kunden får en kvittering og en engangskode på e-posten vi har registrert. Identiteten bekreftes med koden eller av deg på forespørselssiden.',
  'desk.card.channel': 'Hvordan kom forespørselen?',
  'desk.card.text': 'Hva kunden ber om (med kundens ord)',
  'desk.card.changes': 'Ved retting: de nye verdiene',
  'desk.card.register': 'Registrer forespørselen',
  'desk.record.processors': 'Databehandlere',
  'desk.record.processor': 'Databehandler',
  'desk.record.role': 'Oppgave',
  'desk.record.categories': 'Opplysninger',
  'desk.record.country': 'Land',
  'desk.record.agreement': 'Databehandleravtale',
  'desk.record.eea': 'innenfor EØS',
  'desk.record.outsideEea': 'utenfor EØS, grunnlag: {safeguard}',
  'desk.retention.schedule': 'Hva som slettes når',
  'desk.retention.scheduleLead':
    'Prøvekjøringer av slettejobben, uten at noe slettes: antall rader som ville gått i dag, og som ville gått innen hver dato hvis jobben ikke kjørte før det. Rader under sletteforbud er ikke med.',
  'desk.retention.table': 'Opplysninger',
  'desk.retention.now': 'I dag',
  'desk.retention.by': 'Innen {date}',
  'desk.retention.byTableTitle': 'Hvor lenge hver del beholdes',
  'desk.retention.kept': 'Beholdes',
  'desk.retention.onErasure': 'Ved sletting',
  'desk.retention.erasure.delete': 'slettes',
  'desk.retention.erasure.pseudonymise': 'personopplysningene fjernes, raden står igjen',
  'desk.retention.erasure.keep': 'beholdes til fristen',
  'desk.audit.when': 'Tidspunkt',
  'desk.audit.actor': 'Hvem',
  'desk.audit.action': 'Hendelse',
  'desk.audit.purpose': 'Formål',
  'desk.audit.subject': 'Gjelder',
  'desk.staff.title': 'Ansatte og roller',
  'desk.staff.lead':
    'Kundeservice ser kunder med maskert fødselsnummer og behandler forespørsler. Personvernombudet ser hele fødselsnummeret, gjennomfører slettinger og har sletteforbud, avvik, protokoll, lagringstid og revisjonslogg. Administratoren ser protokollen, revisjonsloggen og denne oversikten; kontoer opprettes med «elvakt staff add».',
  'desk.staff.roles': 'Roller',
  'desk.staff.signIn': 'Innlogging',
  'desk.staff.disabled': 'Deaktivert',
  'desk.staff.firstPassword': 'Førstegangspassord, gyldig til {until}',
  'desk.staff.ownPassword': 'Eget passord',
  'desk.staff.secondFactor': 'To trinn satt opp {since}',
  'desk.staff.noSecondFactor': 'To trinn ikke satt opp ennå',
  'desk.staff.singleSignOn': 'Knyttet til felles innlogging {since}',
  'error.field.required': 'Fyll ut feltet.',
  'error.field.purpose_required': 'Skriv formålet med oppslaget (minst fem tegn).',
  'error.field.extension_too_long':
    'Den nye fristen må være senere enn den gamle, og høyst to måneder etter den første.',
  'error.field.in_future': 'Tidspunktet kan ikke være i fremtiden.',
} as const;

export const onboardingEn: Record<keyof typeof onboardingNb, string> = {
  'onboarding.intro.title': 'Welcome! Before you let us do anything',
  'onboarding.intro.lead':
    'We go through one consent and one power of attorney at a time. For each we explain in plain words what it lets us do, what it does not, how long it lasts and how to withdraw it. Nothing is given until you press the button in the step. You can skip what you do not want to give, and change everything later.',
  'onboarding.start': 'Start the walk-through',
  'onboarding.again': 'Go through the consents and powers of attorney one step at a time, with explanations',
  'onboarding.allAtOnce': 'Or choose everything on one page',
  'onboarding.step': 'Step {n} of {total}',
  'onboarding.allows': 'What this lets us do',
  'onboarding.doesNot': 'What this does not let us do',
  'onboarding.howLong': 'How long',
  'onboarding.howWithdraw': 'How to withdraw it',
  'onboarding.exact': 'The text you agree to (text version {version})',
  'onboarding.notRecorded':
    'Nothing is recorded yet. When you press the button we record the time, that it happened here in the walk-through, and that you saw text version {version}.',
  'onboarding.requiredNote':
    'Without this we cannot work out what you could save. You can still skip it now and give it later.',
  'onboarding.skip': 'Not now, continue',
  'onboarding.already': 'You have already given this ({date}, text version {version}).',
  'onboarding.next': 'Continue',
  'onboarding.back': 'Back',
  'onboarding.overview': 'All consents and powers of attorney on one page',
  'onboarding.whatMeans': 'What does this mean?',
  'onboarding.duration.untilWithdrawn': 'Until you withdraw it. It does not run out by itself.',
  'onboarding.duration.months':
    'For {months, plural, one {# month} other {# months}} from when you give it. After that it no longer applies, and we must ask you again.',
  'onboarding.withdraw':
    'At any time on the page "Consents and powers of attorney": untick it and save. It takes effect at once.',
  'onboarding.done.title': 'Done: this is what you chose',
  'onboarding.done.lead':
    'You can give and withdraw each consent and each power of attorney whenever you like on the page "Consents and powers of attorney". There you also see when you gave or withdrew each one, which text version you saw and where it happened.',
  'onboarding.done.toMinSide': 'Go to My page',
  'onboarding.done.toConsents': 'See or change consents and powers of attorney',
  'onboarding.channel.web': 'on the website',
  'onboarding.channel.web-onboarding': 'in the walk-through on the website',
  'onboarding.channel.staff': 'through customer service',
  'onboarding.channel.cli': 'recorded by us',
  'onboarding.invoice_analysis.allows':
    'Reading your electricity invoices and your hourly consumption, and working out what you would have paid under every electricity contract on the market, so you see what you could save per year for each metering point.',
  'onboarding.invoice_analysis.not':
    'Fetching more than 16 months back. Fetching anything from Elhub or your bank, switching contract for you or giving your data to an electricity supplier: those need powers of attorney of their own, which you see in the next steps.',
  'onboarding.invoice_analysis.withdraw':
    'The service cannot work without this consent, so the customer relationship ends. Before anything happens we show you exactly what is deleted at once and what the law makes us keep, and until when, and you must confirm.',
  'onboarding.continued_monitoring.allows':
    'Keeping on fetching new invoices and new consumption, recalculating your saving when prices or contracts change, and notifying you when you could save.',
  'onboarding.continued_monitoring.not':
    'Notifying you more than once about the same change, or switching contract for you: we do that only with a power of attorney of its own and after you have confirmed the switch.',
  'onboarding.continued_monitoring.withdraw':
    'Fetching and notifications stop at once, and your notification settings are deleted. Every notification also has a link that stops them without signing in.',
  'onboarding.elhub_metering_values.allows':
    'Fetching the hourly consumption of your metering points from Elhub, the national metering database, up to 16 months back and as it comes in while the authority lasts.',
  'onboarding.elhub_metering_values.not':
    'Fetching consumption of anyone but you, going back more than 16 months, or changing anything in Elhub.',
  'onboarding.elhub_metering_values.withdraw':
    'We fetch nothing more from Elhub. The consumption already fetched is listed under "My data", where you can also ask for it to be deleted.',
  'onboarding.elhub_master_data.allows':
    'Fetching details of your metering points from Elhub: metering point ID, address, price area, grid company, current supplier and expected yearly consumption.',
  'onboarding.elhub_master_data.not':
    'Fetching your consumption (that is a power of attorney of its own), or changing anything in Elhub.',
  'onboarding.elhub_master_data.withdraw':
    'We fetch no more metering point details from Elhub. What we already have is listed under "My data".',
  'onboarding.invoice_fetching.allows':
    'Fetching e-invoices from your online bank, only from companies that sell, produce or distribute electricity, and never more than 16 months back.',
  'onboarding.invoice_fetching.not':
    'Reading invoices from other companies (they are not downloaded), seeing your accounts or paying anything.',
  'onboarding.invoice_fetching.withdraw':
    'We fetch no more invoices from the bank. The invoices we already have, and how long the law makes us keep them, are listed under "My data".',
  'onboarding.credit_check.allows':
    'Obtaining a credit assessment of you from a credit reference agency when you ask us to switch electricity supplier for you and the new supplier requires it.',
  'onboarding.credit_check.not': 'Checking your credit for anything but a switch you asked for yourself.',
  'onboarding.credit_check.withdraw': 'We obtain no credit assessment after you withdraw the authority.',
  'onboarding.supplier_switch.allows':
    'Entering into the contract with the supplier and product you choose, and ending the old one, for the metering points you choose.',
  'onboarding.supplier_switch.not': 'Switching anything without your confirming exactly that switch.',
  'onboarding.supplier_switch.withdraw':
    'We switch nothing for you after you withdraw the authority. A switch already made still stands.',
  'onboarding.efaktura_agreement.allows':
    'Setting up an e-invoice agreement in your online bank for the new supplier after a switch, so the invoice arrives where it did before.',
  'onboarding.efaktura_agreement.not': 'Changing other e-invoice agreements, or paying invoices.',
  'onboarding.efaktura_agreement.withdraw':
    'We set up no new e-invoice agreements. An agreement already set up is yours to manage in your online bank.',
  'onboarding.move_in_out.allows':
    'Registering moving in and out of your metering points in Elhub when you move, on the dates you give.',
  'onboarding.move_in_out.not':
    'Registering anything you have not asked for, or on other dates than those you gave.',
  'onboarding.move_in_out.withdraw': 'We register no move for you after you withdraw the authority.',
  'request.lead.access':
    'You see everything we hold about you, why we hold it and how long we keep it. Once we have confirmed it is you, you download it here (JSON, CSV or PDF).',
  'request.lead.portability':
    'You get the data you gave us and the data collected about you, in a machine-readable format signed by us, ready to give to another company.',
  'request.lead.erasure':
    'Before you confirm, you see what is deleted at once, and what the law makes us keep and until which date.',
  'request.toErase': 'See what is deleted, and confirm',
  'request.closedAt': 'Closed {date}. The deadline was {due}.',
  'request.erasePlan': 'This happens once you have confirmed it is you',
  'request.erase.pseudonymiseUntil':
    'Every personal field is removed now; an empty account with only the date the account was opened remains until {date} ({rule})',
  'desk.nav.staff': 'Staff',
  'desk.role.customer_service': 'customer service',
  'desk.role.dpo': 'data protection officer',
  'desk.role.admin': 'administrator',
  'desk.queue.summary':
    '{total, plural, one {# open request} other {# open requests}}: {overdue} overdue, {soon} with less than a week left.',
  'desk.channel.web': 'the website',
  'desk.channel.letter': 'letter',
  'desk.channel.phone': 'phone',
  'desk.channel.email': 'e-mail',
  'desk.channel.in_person': 'in person',
  'desk.method.fresh_login': 'recent sign-in',
  'desk.method.code_email': 'one-time code by e-mail',
  'desk.method.code_sms': 'one-time code by SMS',
  'desk.method.staff': 'confirmed by staff',
  'desk.field.name': 'Full name',
  'desk.field.email': 'E-mail',
  'desk.field.phone': 'Mobile number',
  'desk.status.active': 'Active',
  'desk.status.erasure_pending': 'Erasure waits for a legal hold to be released',
  'desk.status.erased': 'Erased',
  'desk.restriction.restriction': 'Restriction',
  'desk.restriction.objection': 'Objection upheld',
  'desk.restriction.marketing_objection': 'Objection to marketing',
  'desk.request.customer': 'Who the request is about',
  'desk.request.customerErased': 'The customer is erased. The request is kept as a record of what was done.',
  'desk.request.customerPending':
    'The customer is signed out and waits for erasure until the legal hold is released.',
  'desk.request.received': 'received {date}',
  'desk.request.channel': 'came by {channel}',
  'desk.request.cleared': '(to be removed)',
  'desk.request.verifyLead':
    'Compare what the customer gave (for example name and birth date in a signed letter, or identification in person) with the details above. Nothing is shown or changed for the customer until identity is confirmed.',
  'desk.request.extract': 'Produce the extract',
  'desk.request.extractLead':
    'The extract holds everything we have about the customer, the full identity number included. Send it only to the address we have on record, then mark the request answered. Every download is logged.',
  'desk.request.extractNotYours':
    'The extract holds the full identity number, so the data protection officer produces it. The customer can also download it under "My data".',
  'desk.request.erase': 'Carry out the erasure',
  'desk.request.eraseLead':
    'This cannot be undone. Everything in the plan above marked "Deleted now" is deleted, and the key to the data is destroyed. What is kept is listed with its date and legal basis.',
  'desk.request.eraseNotYours': 'Only the data protection officer can carry out an erasure.',
  'desk.request.decideNotYours': 'Only the data protection officer can decide this request.',
  'desk.request.erasureDone': 'What was done',
  'desk.request.keptUntil': 'Kept until {date}',
  'desk.request.rectifyLead':
    'The values the customer asked for are filled in. Correct them if need be (a typo you have cleared with the customer, say). A field you empty is changed as the customer asked.',
  'desk.request.resolutionOptional': 'Answer to the customer (optional)',
  'desk.request.restrict': 'Restrict processing while this is handled',
  'desk.request.restrictLead':
    'When the customer contests that the data is accurate, or has objected, processing can be restricted until it is decided. The data is stored but not used for what you tick.',
  'desk.request.restrictPurposes': 'What is to stop?',
  'desk.extract.pdf': 'Register extract (PDF)',
  'desk.extract.json': 'Everything (JSON)',
  'desk.extract.csv': 'Everything (CSV)',
  'desk.extract.portability': 'Portability package (signed JSON)',
  'desk.error.conflict': 'The request is no longer at a step where this can be done. Reload the page.',
  'desk.customers.purposeHint':
    'For example "The customer called about an invoice" or "Handling an access request". The purpose is stored in the audit log with the look-up.',
  'desk.customers.queryHint':
    'Full name (spelt the same; upper and lower case do not matter), e-mail, identity number (11 digits) or metering point ID (18 digits).',
  'desk.customers.matches':
    '{n, plural, one {# customer has} other {# customers have}} this name. Choose the right one by the birth date:',
  'desk.customers.open': 'Open',
  'desk.card.id': 'Customer id',
  'desk.card.newRequest': 'Register a request that came another way',
  'desk.card.newRequestLead':
    'The customer gets a receipt and a one-time code at the e-mail address on record. Identity is confirmed with the code, or by you on the request page.',
  'desk.card.channel': 'How did the request come?',
  'desk.card.text': 'What the customer asks (in their words)',
  'desk.card.changes': 'For rectification: the new values',
  'desk.card.register': 'Register the request',
  'desk.record.processors': 'Processors',
  'desk.record.processor': 'Processor',
  'desk.record.role': 'Task',
  'desk.record.categories': 'Data',
  'desk.record.country': 'Country',
  'desk.record.agreement': 'Processing agreement',
  'desk.record.eea': 'inside the EEA',
  'desk.record.outsideEea': 'outside the EEA, safeguard: {safeguard}',
  'desk.retention.schedule': 'What goes when',
  'desk.retention.scheduleLead':
    'Dry runs of the retention sweep, deleting nothing: rows that would go today, and that would have gone by each date if the sweep did not run before then. Rows under a legal hold are not counted.',
  'desk.retention.table': 'Data',
  'desk.retention.now': 'Today',
  'desk.retention.by': 'By {date}',
  'desk.retention.byTableTitle': 'How long each part is kept',
  'desk.retention.kept': 'Kept',
  'desk.retention.onErasure': 'On erasure',
  'desk.retention.erasure.delete': 'deleted',
  'desk.retention.erasure.pseudonymise': 'personal fields removed, the row stays',
  'desk.retention.erasure.keep': 'kept until its date',
  'desk.audit.when': 'When',
  'desk.audit.actor': 'Who',
  'desk.audit.action': 'Event',
  'desk.audit.purpose': 'Purpose',
  'desk.audit.subject': 'About',
  'desk.staff.title': 'Staff and roles',
  'desk.staff.lead':
    'Customer service sees customers with the identity number masked and handles requests. The data protection officer sees the full identity number, carries out erasures and has legal holds, breaches, the record, retention and the audit log. The administrator sees the record, the audit log and this list; accounts are created with `elvakt staff add`.',
  'desk.staff.roles': 'Roles',
  'desk.staff.signIn': 'Sign-in',
  'desk.staff.disabled': 'Disabled',
  'desk.staff.firstPassword': 'First password, valid until {until}',
  'desk.staff.ownPassword': 'Own password',
  'desk.staff.secondFactor': 'Two-step sign-in set up {since}',
  'desk.staff.noSecondFactor': 'Two-step sign-in not set up yet',
  'desk.staff.singleSignOn': 'Tied to single sign-on {since}',
  'error.field.required': 'Fill in the field.',
  'error.field.purpose_required': 'Write the purpose of the look-up (at least five characters).',
  'error.field.extension_too_long':
    'The new deadline must be later than the old one, and at most two months past the first.',
  'error.field.in_future': 'The time cannot be in the future.',
};
