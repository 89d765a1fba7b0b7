/**
 * What parsers and services tell people, as keys with texts in both languages: a refused
 * line of an upload, a finding on an invoice, the error pages. The services keep an English
 * message for logs and the command line; pages render these.
 */
export const messagesNb = {
  'elhub.csv.notExport':
    'Linje {line}: dette er ikke en forbruksfil fra Elhub. Kolonnene Fra, Til og Volum mangler. Last ned forbruket fra «Min side» hos Elhub og last opp den filen.',
  'elhub.csv.badTime': 'Linje {line}: tidspunktet mangler gyldig tidssone.',
  'elhub.csv.badInterval':
    'Linje {line}: perioden er {minutes, plural, one {# minutt} other {# minutter}}; bare 15 og 60 minutter kan leses.',
  'elhub.csv.notConsumption': 'Linje {line}: dette er ikke forbruk (men produksjon eller noe annet).',
  'elhub.csv.notKwh': 'Linje {line}: enheten er ikke kWh.',
  'elhub.csv.badVolume': 'Linje {line}: volumet er ikke et tall som er null eller større.',
  'elhub.csv.badQuality': 'Linje {line}: ukjent kvalitetskode.',
  'elhub.csv.notOnTheHour': 'Linje {line}: timen begynner ikke på hel time.',
  'elhub.csv.sameHourTwice': 'Linje {line}: samme time står to ganger; den siste linjen er brukt.',
  'elhub.csv.partialHour':
    'Timen fra {time}: bare {quarters} av 4 kvarter finnes, så timen er regnet som et hull.',
  'metering.import.tooOld':
    '{n, plural, one {# time er eldre enn 16 måneder og ble ikke lagret.} other {# timer er eldre enn 16 måneder og ble ikke lagret.}}',
  'metering.import.future':
    '{n, plural, one {# time ligger fram i tid og ble ikke lagret.} other {# timer ligger fram i tid og ble ikke lagret.}}',
  'recording.notJson': 'Filen er ikke JSON.',
  'recording.noHours': 'Filen har ingen liste «hours».',
  'recording.badStart': 'Oppføring {entry}: start_local er ikke en hel time med tidssone.',
  'recording.badValue': 'Oppføring {entry}: kWh eller spotprisen er ikke et tall.',
  'upload.noFile': 'Velg en fil å laste opp.',
  'upload.nothingStored': 'Ingenting er lagret.',
  'error.tooLarge': 'Filen er for stor. Ingenting er lagret.',
  'error.unsupportedFormat': 'Vi kan ikke lese dette formatet.',
  'error.notFoundTitle': 'Siden finnes ikke',
  'error.notFoundLead':
    'Vi finner ingen side på denne adressen. Lenken kan være gammel, eller adressen kan ha en skrivefeil.',
  'error.backHome': 'Gå til forsiden',
  'error.toMinSide': 'Gå til Min side',
  'error.code': 'Feilkode {status}',
  'invoices.finding.other': 'Kontrollregel {rule} slo ut for dette dokumentet.',
  'invoices.finding.ELVAKT-CUSTOMIZATION':
    'Dokumentet sier ikke at det følger PEPPOL BIS Billing 3.0 eller EHF 3.0.',
  'invoices.finding.BR-04': 'Dokumentet har ingen typekode.',
  'invoices.finding.BR-07': 'Kjøperen har ikke noe juridisk navn i dokumentet.',
  'invoices.finding.BR-25': 'En linje har ikke noe varenavn.',
  'invoices.finding.BR-26': 'En linje har ingen pris.',
  'invoices.finding.BR-CO-17':
    'Merverdiavgiften i en avgiftskategori avviker med noen øre fra det satsen gir.',
  'invoices.finding.BR-E-10': 'Avgiftskategori E mangler en begrunnelse for fritaket.',
  'invoices.finding.BR-AE-10': 'Avgiftskategori AE mangler en begrunnelse for fritaket.',
  'invoices.finding.BR-K-10': 'Avgiftskategori K mangler en begrunnelse for fritaket.',
  'invoices.finding.BR-G-10': 'Avgiftskategori G mangler en begrunnelse for fritaket.',
  'invoices.finding.BR-O-10': 'Avgiftskategori O mangler en begrunnelse for fritaket.',
  'invoices.finding.PEPPOL-EN16931-R120':
    'På en linje stemmer ikke mengde × pris med linjebeløpet. Vi bruker linjebeløpet.',
  'invoices.finding.ELVAKT-DATE-DUE': 'Forfallsdatoen er før fakturadatoen.',
  'invoices.finding.ELVAKT-DATE-PERIOD': 'En periode i dokumentet er lengre enn 13 måneder.',
  'invoices.finding.PEPPOL-COMMON-R041':
    'Et organisasjonsnummer har ikke ni siffer med gyldig kontrollsiffer.',
  'invoices.finding.PEPPOL-COMMON-R040': 'Et GLN-nummer har ikke 13 siffer med gyldig kontrollsiffer.',
  'invoices.finding.NO-R-001': 'Et MVA-nummer er ikke NO, et gyldig organisasjonsnummer og MVA.',
  'invoices.finding.ELVAKT-VAT-ORGNR': 'MVA-nummeret og organisasjonsnummeret til en part er ulike.',
  'invoices.finding.ELVAKT-MPID-FORMAT': 'En målepunkt-ID har ikke 18 siffer.',
  'invoices.finding.ELVAKT-MPID-CHECK': 'En målepunkt-ID har feil kontrollsiffer.',
  'invoices.finding.ELVAKT-MPID-COUNTRY': 'En målepunkt-ID er ikke norsk (begynner ikke med 7070575).',
} as const;

export const messagesEn: Record<keyof typeof messagesNb, string> = {
  'elhub.csv.notExport':
    'Line {line}: this is not a consumption export from Elhub. The columns Fra, Til and Volum are missing. Download your consumption from Elhub\'s "Min side" and upload that file.',
  'elhub.csv.badTime': 'Line {line}: the time has no valid time zone offset.',
  'elhub.csv.badInterval':
    'Line {line}: the period is {minutes, plural, one {# minute} other {# minutes}}; only 15 and 60 minutes can be read.',
  'elhub.csv.notConsumption': 'Line {line}: this is not consumption (but production or something else).',
  'elhub.csv.notKwh': 'Line {line}: the unit is not kWh.',
  'elhub.csv.badVolume': 'Line {line}: the volume is not a number of zero or more.',
  'elhub.csv.badQuality': 'Line {line}: unknown quality code.',
  'elhub.csv.notOnTheHour': 'Line {line}: the hour does not start on the hour.',
  'elhub.csv.sameHourTwice': 'Line {line}: the same hour appears twice; the later line is used.',
  'elhub.csv.partialHour':
    'The hour from {time}: only {quarters} of 4 quarter hours are present, so the hour counts as a gap.',
  'metering.import.tooOld':
    '{n, plural, one {# hour is older than 16 months and was not stored.} other {# hours are older than 16 months and were not stored.}}',
  'metering.import.future':
    '{n, plural, one {# hour lies in the future and was not stored.} other {# hours lie in the future and were not stored.}}',
  'recording.notJson': 'The file is not JSON.',
  'recording.noHours': 'The file has no "hours" list.',
  'recording.badStart': 'Entry {entry}: start_local is not a whole hour with a time zone offset.',
  'recording.badValue': 'Entry {entry}: the kWh or the spot price is not a number.',
  'upload.noFile': 'Choose a file to upload.',
  'upload.nothingStored': 'Nothing was stored.',
  'error.tooLarge': 'The file is too large. Nothing was stored.',
  'error.unsupportedFormat': 'We cannot read this format.',
  'error.notFoundTitle': 'Page not found',
  'error.notFoundLead':
    'There is no page at this address. The link may be old, or the address may have a typing error.',
  'error.backHome': 'Go to the home page',
  'error.toMinSide': 'Go to My page',
  'error.code': 'Error code {status}',
  'invoices.finding.other': 'Check rule {rule} was not met by this document.',
  'invoices.finding.ELVAKT-CUSTOMIZATION': 'The document does not claim PEPPOL BIS Billing 3.0 or EHF 3.0.',
  'invoices.finding.BR-04': 'The document has no type code.',
  'invoices.finding.BR-07': 'The buyer has no legal name in the document.',
  'invoices.finding.BR-25': 'A line has no item name.',
  'invoices.finding.BR-26': 'A line has no price.',
  'invoices.finding.BR-CO-17': 'The VAT in a tax category is a few øre off what its rate gives.',
  'invoices.finding.BR-E-10': 'Tax category E needs an exemption reason.',
  'invoices.finding.BR-AE-10': 'Tax category AE needs an exemption reason.',
  'invoices.finding.BR-K-10': 'Tax category K needs an exemption reason.',
  'invoices.finding.BR-G-10': 'Tax category G needs an exemption reason.',
  'invoices.finding.BR-O-10': 'Tax category O needs an exemption reason.',
  'invoices.finding.PEPPOL-EN16931-R120':
    'On a line, quantity × price does not match the line amount. We use the line amount.',
  'invoices.finding.ELVAKT-DATE-DUE': 'The due date is before the issue date.',
  'invoices.finding.ELVAKT-DATE-PERIOD': 'A period in the document is longer than 13 months.',
  'invoices.finding.PEPPOL-COMMON-R041':
    'An organisation number is not nine digits with a valid check digit.',
  'invoices.finding.PEPPOL-COMMON-R040': 'A GLN is not 13 digits with a valid check digit.',
  'invoices.finding.NO-R-001': 'A VAT identifier is not NO, a valid organisation number and MVA.',
  'invoices.finding.ELVAKT-VAT-ORGNR': "A party's VAT identifier and organisation number differ.",
  'invoices.finding.ELVAKT-MPID-FORMAT': 'A metering point ID is not 18 digits.',
  'invoices.finding.ELVAKT-MPID-CHECK': 'A metering point ID has a wrong check digit.',
  'invoices.finding.ELVAKT-MPID-COUNTRY':
    'A metering point ID is not Norwegian (does not start with 7070575).',
};
