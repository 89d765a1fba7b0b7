import type { StaffName } from '../../modules/staff/staff.service.ts';
import type { Translate } from '../i18n.ts';

/** Staff names by id, for the desk's references to who did what. */
export type StaffNames = ReadonlyMap<string, StaffName>;

/**
 * How the desk names whoever a reference points at: a staff member by name and user name,
 * a removed account as "former staff member", anything else (the system, the command
 * line, a customer's own action) as it is written.
 */
export const whoIs = (
  t: Translate,
  names: StaffNames | undefined,
  ref: string | null | undefined,
): string => {
  if (!ref) return '';
  const id = ref.replace(/^staff:/, '');
  if (!names?.has(id)) return ref;
  const member = names.get(id);
  return member
    ? t('desk.staff.byline', { name: member.name, username: member.username })
    : t('desk.staff.former');
};
