/**
 * How a saving's basis is stated (measured hours or a standard profile) and how a month
 * with too few hours to count as a month is shown; merged into the messages in i18n.ts.
 */
export const basisNb = {
  'basis.measured':
    'Regnet ut fra {hours, plural, one {# time} other {# timer}} med målt forbruk ({kwh} kWh) i {months}, priset med spotprisen time for time.',
  'basis.profile.invoices':
    'Regnet ut fra en standard forbruksprofil for en husholdning, skalert til {annual} kWh i året ut fra fakturaene dine: {hours, plural, one {# time} other {# timer}} ({kwh} kWh) i {months}, priset med spotprisen time for time. Vi har ingen timeverdier fra måleren din ennå.',
  'basis.profile.estimate':
    'Regnet ut fra en standard forbruksprofil for en husholdning og et standardforbruk på {annual} kWh i året: {hours, plural, one {# time} other {# timer}} ({kwh} kWh) i {months}, priset med spotprisen time for time. Vi har verken timeverdier fra måleren din eller fakturaer ennå.',
  'basis.annualised.measured':
    'Vi har {months} med data. Årstallet er skalert fra {hours, plural, one {# time} other {# timer}} til et helt år; måneder som mangler (ofte vintermåneder med høyere forbruk) kan gjøre den reelle besparelsen høyere eller lavere.',
  'basis.annualised.profile':
    'Vi har spotpriser for {months}. Årstallet er skalert fra {hours, plural, one {# time} other {# timer}} til et helt år.',
  'basis.months': '{n, plural, one {# måned} other {# måneder}}',
  'basis.partial':
    '{month} er bare delvis med ({days} av {monthDays, plural, one {# dag} other {# dager}}) og regnes ikke som en måned med data.',
  'basis.partialDays': '{days} av {monthDays, plural, one {# dag} other {# dager}}',
  'basis.partialShort': '{days}/{monthDays} d.',
  'basis.kind.measured': 'Grunnlag: målte timeverdier fra måleren din.',
  'basis.kind.profile.invoices':
    'Grunnlag: en standard forbruksprofil skalert til {annual} kWh i året ut fra fakturaene dine.',
  'basis.kind.profile.estimate':
    'Grunnlag: en standard forbruksprofil og et standardforbruk på {annual} kWh i året, ikke ditt eget forbruk.',
};

export const basisEn: Record<keyof typeof basisNb, string> = {
  'basis.measured':
    'Worked out from {hours, plural, one {# hour} other {# hours}} of measured consumption ({kwh} kWh) in {months}, priced at the spot price hour by hour.',
  'basis.profile.invoices':
    'Worked out from a standard household load profile, scaled to {annual} kWh a year from your invoices: {hours, plural, one {# hour} other {# hours}} ({kwh} kWh) in {months}, priced at the spot price hour by hour. We have no hourly values from your meter yet.',
  'basis.profile.estimate':
    'Worked out from a standard household load profile and a standard consumption of {annual} kWh a year: {hours, plural, one {# hour} other {# hours}} ({kwh} kWh) in {months}, priced at the spot price hour by hour. We have neither hourly values from your meter nor invoices yet.',
  'basis.annualised.measured':
    'We have {months} of data. The yearly figure is scaled from {hours, plural, one {# hour} other {# hours}} to a whole year; missing months (often winter months with higher consumption) can make the real saving higher or lower.',
  'basis.annualised.profile':
    'We have spot prices for {months}. The yearly figure is scaled from {hours, plural, one {# hour} other {# hours}} to a whole year.',
  'basis.months': '{n, plural, one {# month} other {# months}}',
  'basis.partial':
    '{month} is only partly covered ({days} of {monthDays, plural, one {# day} other {# days}}) and does not count as a month of data.',
  'basis.partialDays': '{days} of {monthDays, plural, one {# day} other {# days}}',
  'basis.partialShort': '{days}/{monthDays} d',
  'basis.kind.measured': 'Basis: measured hourly values from your meter.',
  'basis.kind.profile.invoices':
    'Basis: a standard load profile scaled to {annual} kWh a year from your invoices.',
  'basis.kind.profile.estimate':
    'Basis: a standard load profile and a standard consumption of {annual} kWh a year, not your own consumption.',
};
