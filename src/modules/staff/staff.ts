/**
 * Staff roles and what each may do. Customer service handles customers' cases and
 * requests but never sees a full identity number; the data protection officer runs the
 * privacy machinery (requests, holds, breaches, the record of processing, the audit log);
 * the administrator manages staff accounts. Pure: the routes and services ask these.
 */
export const ROLES = ['customer_service', 'dpo', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export type Capability =
  | 'customers.lookup'
  | 'customers.identity_number'
  | 'requests.handle'
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

export interface StaffMember {
  readonly id: string;
  readonly username: string;
  readonly name: string;
  readonly roles: readonly Role[];
}
