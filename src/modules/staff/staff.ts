import { AppError } from '../../platform/errors.ts';
import type { RequestType } from '../../schema.ts';

/**
 * Staff roles and what each may do: the one table every desk page, every desk route and
 * every service that acts for a staff member asks. Customer service handles customers'
 * cases and carries out what a person asked, but never sees a full identity number and
 * never refuses a right or erases; the data protection officer runs the privacy machinery
 * (decisions on requests, holds, breaches, the record of processing, the audit log); the
 * administrator manages staff accounts. Pure.
 */
export const ROLES = ['customer_service', 'dpo', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export type Capability =
  | 'customers.lookup'
  | 'customers.identity_number'
  | 'requests.handle'
  /** Decisions that weigh the law: refusing a request, an objection, a review, a complaint. */
  | 'requests.decide'
  | 'requests.erase'
  | 'holds.manage'
  | 'breaches.manage'
  | 'records.read'
  | 'audit.read'
  | 'staff.manage';

const CAPABILITIES: Record<Role, readonly Capability[]> = {
  customer_service: ['customers.lookup', 'requests.handle'],
  dpo: [
    'customers.lookup',
    'customers.identity_number',
    'requests.handle',
    'requests.decide',
    'requests.erase',
    'holds.manage',
    'breaches.manage',
    'records.read',
    'audit.read',
  ],
  admin: ['staff.manage', 'records.read', 'audit.read'],
};

export const can = (roles: readonly string[], capability: Capability): boolean =>
  roles.some((r) => (CAPABILITIES[r as Role] ?? []).includes(capability));

export const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);

/**
 * What staff do with a data-subject request. Withdrawing a request and entering its code
 * are the person's own, on their own pages, and no staff action.
 */
export const REQUEST_ACTIONS = [
  'view',
  'verify',
  'extend',
  'restrict',
  'extract',
  'complete',
  'reject',
] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

/** What the person's own confirmation carries out: the desk may do the same for them. */
const CARRIED_OUT: readonly RequestType[] = [
  'access',
  'portability',
  'rectification',
  'restriction',
  'objection_marketing',
];

/**
 * The capability each action on a request of each type needs, or null where the action
 * does not exist for the type (an extract of a complaint). Preparing a request (viewing,
 * confirming identity, extending, restricting while it is handled) is the desk's; the
 * extract holds the full identity number; carrying out what the person asked is the
 * desk's too, except erasure, which cannot be undone; weighing an objection, reviewing an
 * automated decision, answering a complaint and refusing any request are legal decisions
 * (Art. 12(4), 21, 22, 77) and the data protection officer's.
 */
export const requestCapability = (type: RequestType, action: RequestAction): Capability | null => {
  switch (action) {
    case 'view':
    case 'verify':
    case 'extend':
    case 'restrict':
      return 'requests.handle';
    case 'extract':
      return type === 'access' || type === 'portability' ? 'customers.identity_number' : null;
    case 'complete':
      if (type === 'erasure') return 'requests.erase';
      return CARRIED_OUT.includes(type) ? 'requests.handle' : 'requests.decide';
    case 'reject':
      return type === 'erasure' ? 'requests.erase' : 'requests.decide';
  }
};

export const mayActOnRequest = (
  roles: readonly string[],
  type: RequestType,
  action: RequestAction,
): boolean => {
  const capability = requestCapability(type, action);
  return capability !== null && can(roles, capability);
};

/** Throws the one refusal a service gives a staff member whose roles lack the capability. */
export const requireCapability = (roles: readonly string[], capability: Capability | null): void => {
  if (capability === null) throw new AppError('not_found', 'No such action.');
  if (!can(roles, capability)) throw new AppError('forbidden', 'staff_forbidden');
};

/** The roles of an enabled staff account, read where the action happens; none for an unknown or disabled one. */
export type StaffRolesOf = (staffId: string) => Promise<readonly Role[]>;

export interface StaffMember {
  readonly id: string;
  readonly username: string;
  readonly name: string;
  readonly roles: readonly Role[];
}
