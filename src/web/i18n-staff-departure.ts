/** Text for ending staff accounts and naming former staff; merged into the messages in i18n.ts. */
export const staffDepartureNb = {
  'desk.staff.account': 'Konto',
  'desk.staff.ended': 'Deaktivert {date}. Personopplysningene slettes {removeOn}.',
  'desk.staff.disable': 'Deaktiver kontoen',
  'desk.staff.disableHint':
    'Når ansettelsen slutter: alle økter avsluttes med en gang, og verken passord, engangskode eller felles innlogging slipper inn.',
  'desk.staff.enable': 'Aktiver kontoen igjen',
  'desk.staff.you': 'Din egen konto',
  'desk.staff.former': 'tidligere ansatt',
  'desk.staff.byline': '{name} ({username})',
  'staff.holds.placedBy': 'satt av {who}',
} as const;

export const staffDepartureEn: Record<keyof typeof staffDepartureNb, string> = {
  'desk.staff.account': 'Account',
  'desk.staff.ended': 'Disabled {date}. The personal data is removed on {removeOn}.',
  'desk.staff.disable': 'Disable the account',
  'desk.staff.disableHint':
    'When the employment ends: every session ends at once, and neither password, one-time code nor single sign-on lets anyone in.',
  'desk.staff.enable': 'Enable the account again',
  'desk.staff.you': 'Your own account',
  'desk.staff.former': 'former staff member',
  'desk.staff.byline': '{name} ({username})',
  'staff.holds.placedBy': 'placed by {who}',
};
