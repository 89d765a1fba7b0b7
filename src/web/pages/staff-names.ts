import { isAuditAction } from '../../modules/audit/audit-actions.ts';
import type { StaffName } from '../../modules/staff/staff.service.ts';
import type { Translate } from '../i18n.ts';

/** Staff names by id, for the desk's references to who did what. */
export type StaffNames = ReadonlyMap<string, StaffName>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

const ACTORS = ['customer', 'system', 'cli', 'unsubscribe-link'] as const;

/**
 * Who did something, in the audit log: a staff member by name ("former staff member" once
 * the account is gone, never its id), the customer as "the customer" (the subject column
 * says which one, by its random id, so no name is opened to say it), and the system, the
 * command line or an e-mail's link in words.
 */
export const actorName = (t: Translate, names: StaffNames | undefined, actor: string): string => {
  if (actor.startsWith('staff:')) {
    const id = actor.slice('staff:'.length);
    const member = UUID.test(id) ? names?.get(id) : undefined;
    return member
      ? t('desk.staff.byline', { name: member.name, username: member.username })
      : t('desk.staff.former');
  }
  const known = ACTORS.find((a) => a === actor);
  return known ? t(`audit.actor.${known}`) : t('audit.actor.unknown');
};

/** An audit event in words; one written by an older version without a text keeps its code. */
export const actionName = (t: Translate, action: string): string =>
  isAuditAction(action) ? t(`audit.action.${action}`) : t('audit.action.other', { code: action });
