import { isAuditAction } from '../../modules/audit/audit-actions.ts';
import { PERMISSION_TEXTS } from '../../modules/consents/permission-texts.ts';
import { isRequestType, REQUEST_TYPES } from '../../modules/privacy/request-rules.ts';
import { PURPOSES, type Purpose } from '../../modules/privacy/vocabulary.ts';
import type { StaffName } from '../../modules/staff/staff.service.ts';
import type { Locale, Translate } from '../i18n.ts';

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

/**
 * Why, in words where it is a code: a purpose of the data map, a kind of request, a consent
 * or power of attorney by its title, or a request the desk opened ("Sletting, forespørsel
 * <id>"). What a staff member typed as the purpose of a look-up is shown as typed.
 */
export const purposeName = (t: Translate, locale: Locale, purpose: string | null): string => {
  if (!purpose) return '';
  if (purpose in PURPOSES) return PURPOSES[purpose as Purpose][locale];
  if (isRequestType(purpose)) return REQUEST_TYPES[purpose][locale];
  if (purpose === 'breach_handling') return t('audit.purpose.breach_handling');
  const permission = PERMISSION_TEXTS.find((p) => p.scope === purpose);
  if (permission) return permission.title[locale];
  const request = /^request ([a-z_]+) ([0-9a-f-]{36})$/.exec(purpose);
  if (request?.[1] && request[2] && isRequestType(request[1]))
    return t('audit.purpose.request', { type: REQUEST_TYPES[request[1]][locale], id: request[2] });
  return purpose;
};
