/** Text for where spot prices came from (issue 11, item 1); merged into the messages in i18n.ts. */
export const pricesNb = {
  'prices.sources': 'Spotprisene i grunnlaget kommer fra:',
  'prices.sourceHours': '{source}: {hours, plural, one {# time} other {# timer}}',
  'prices.byMonth': 'Kilde for spotprisene måned for måned',
  'prices.month': '{month}: {sources}',
  'prices.exact': '{name}, i kroner (eksakt)',
  'prices.converted': '{name}, omregnet fra euro med Norges Banks kurs (anslag)',
  'prices.kind.entsoe': 'ENTSO-E day-ahead',
  'prices.kind.meter-recording': 'spotprisen i husholdningens måleropptak',
  'prices.kind.spot-file': 'spotprisfil',
  'prices.kind.spot-csv': 'spotpris-CSV',
  'prices.kind.day-ahead-eur': 'day-ahead-priser',
  'prices.kind.other': 'annen kilde',
  'prices.named': '{kind} «{detail}»',
  'prices.rule':
    'Har en time flere priser, brukes en eksakt pris i kroner foran en omregnet fra euro, og bare hele timer teller: en timepris eller alle fire kvarterpriser fra samme kilde.',
} as const;

export const pricesEn: Record<keyof typeof pricesNb, string> = {
  'prices.sources': 'The spot prices in the basis come from:',
  'prices.sourceHours': '{source}: {hours, plural, one {# hour} other {# hours}}',
  'prices.byMonth': 'Source of the spot prices month by month',
  'prices.month': '{month}: {sources}',
  'prices.exact': '{name}, in kroner (exact)',
  'prices.converted': "{name}, converted from euro at Norges Bank's rate (estimate)",
  'prices.kind.entsoe': 'ENTSO-E day-ahead',
  'prices.kind.meter-recording': "the spot price in the household's meter recording",
  'prices.kind.spot-file': 'spot price file',
  'prices.kind.spot-csv': 'spot price CSV',
  'prices.kind.day-ahead-eur': 'day-ahead prices',
  'prices.kind.other': 'other source',
  'prices.named': '{kind} “{detail}”',
  'prices.rule':
    'Where an hour has several prices, an exact price in kroner comes before one converted from euro, and only whole hours count: an hourly price or all four quarter-hour prices from one source.',
};
