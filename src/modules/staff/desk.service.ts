import type { Transactor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { RequestType } from '../../schema.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { AuditAction } from '../audit/audit-actions.ts';
import type { CustomerService } from '../customers/customer.service.ts';
import { maskIdentityNumber } from '../identity/fodselsnummer.ts';
import type { MeteringService } from '../metering/metering.service.ts';
import type { PrivacyRequest, RequestDetails, RequestService } from '../privacy/request.service.ts';
import type { RestrictionService } from '../privacy/restriction.service.ts';
import { can, type StaffMember } from './staff.ts';

/** How a request reaches the desk when it does not come through the web. */
export const STAFF_CHANNELS = ['letter', 'phone', 'email', 'in_person'] as const;

/** One match of a look-up that found several people: just enough to tell them apart. */
export interface CustomerMatch {
  readonly id: string;
  readonly name: string;
  /** Always masked: the birth date part tells namesakes apart; the rest is not needed for that. */
  readonly identityNumber: string;
}

export interface CustomerCard {
  readonly id: string;
  readonly status: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  /** Masked for customer service: the birth date part only. */
  readonly identityNumber: string | null;
  readonly meteringPoints: readonly { id: string; meteringPointId: string; priceArea: string }[];
  readonly requests: readonly PrivacyRequest[];
  readonly restrictions: readonly { kind: string; purposes: string[]; placedAt: Date }[];
}

/**
 * What staff do with customer records. Every look-up and every view needs a stated purpose
 * and is written to the audit log with it, before anything is shown; customer service sees
 * the identity number masked.
 */
export class DeskService {
  constructor(
    private readonly tx: Transactor,
    private readonly customers: CustomerService,
    private readonly metering: MeteringService,
    private readonly requests: RequestService,
    private readonly restrictions: RestrictionService,
    private readonly audit: AuditService,
  ) {}

  private async log(
    staff: StaffMember,
    action: AuditAction,
    purpose: string,
    subjectId: string | null,
    details: Record<string, unknown>,
  ) {
    await this.tx.run((tx) =>
      this.audit.withTx(tx).record({ actor: `staff:${staff.id}`, action, subjectId, purpose, details }),
    );
  }

  private checkPurpose(purpose: string): string {
    const p = purpose.trim();
    if (p.length < 5)
      throw new AppError('validation_failed', 'State the purpose of the look-up.', [
        { at: 'purpose', message: 'purpose_required' },
      ]);
    return p.slice(0, 200);
  }

  /**
   * Finds customers by e-mail, identity number, metering point ID or full name: exact
   * matches through blind indexes, so no name or number is ever decrypted to search. A name
   * matches only as a whole (after normalising case, spaces and punctuation): names are
   * encrypted under each person's own key, and a keyed hash of the full name is the one
   * way to find them without opening everyone's.
   */
  async lookup(staff: StaffMember, query: string, purpose: string): Promise<string[]> {
    if (!can(staff.roles, 'customers.lookup')) throw new AppError('forbidden', 'staff_forbidden');
    const why = this.checkPurpose(purpose);
    const q = query.trim();
    let ids: string[] = [];
    let kind = 'unknown';
    if (/^\d{18}$/.test(q.replace(/\s/g, ''))) {
      kind = 'metering_point';
      ids = [...new Set((await this.metering.findByMeteringPointId(q)).map((m) => m.customerId))];
    } else if (/^\d{11}$/.test(q.replace(/[\s.]/g, ''))) {
      kind = 'identity_number';
      const id = await this.customers.findIdByIdentityNumber(q);
      ids = id ? [id] : [];
    } else if (q.includes('@')) {
      kind = 'email';
      const id = await this.customers.findIdByEmail(q);
      ids = id ? [id] : [];
    } else if (/\p{L}/u.test(q)) {
      kind = 'name';
      ids = await this.customers.findIdsByName(q);
    }
    // The query itself is personal data and stays out of the log; its kind, the result count
    // and which records were found go in, since a list of several already shows something of each.
    await this.log(staff, 'customer.looked_up', why, null, { by: kind, found: ids.length, ids });
    return ids;
  }

  /**
   * The people a look-up found when it found more than one: name and birth date only, so the
   * right one can be chosen and opened with `card`. Covered by the look-up's audit row, which
   * names them.
   */
  async matches(staff: StaffMember, ids: readonly string[]): Promise<CustomerMatch[]> {
    if (!can(staff.roles, 'customers.lookup')) throw new AppError('forbidden', 'staff_forbidden');
    const out: CustomerMatch[] = [];
    for (const id of ids) {
      if ((await this.customers.status(id)) !== 'active') continue;
      const p = await this.customers.profile(id);
      out.push({ id, name: p.name, identityNumber: maskIdentityNumber(p.identityNumber) });
    }
    return out;
  }

  /**
   * Takes in a request that came by letter, phone, e-mail or at the counter, on the
   * person's behalf: it starts like one from the web (a code goes to the registered
   * address), and the staff member is named as the one who received it.
   */
  async registerRequest(
    staff: StaffMember,
    customerId: string,
    input: { type: RequestType; channel: string; details: RequestDetails },
  ): Promise<PrivacyRequest> {
    if (!can(staff.roles, 'requests.handle')) throw new AppError('forbidden', 'staff_forbidden');
    if (!STAFF_CHANNELS.includes(input.channel as (typeof STAFF_CHANNELS)[number]))
      throw new AppError('validation_failed', 'Say how the request came.', [
        { at: 'channel', message: 'invalid' },
      ]);
    if ((await this.customers.status(customerId)) !== 'active')
      throw new AppError('not_found', 'No such customer.');
    const { request } = await this.requests.submit(customerId, input.type, input.details, {
      channel: input.channel,
      receivedBy: staff.id,
    });
    return request;
  }

  async card(staff: StaffMember, customerId: string, purpose: string): Promise<CustomerCard> {
    if (!can(staff.roles, 'customers.lookup')) throw new AppError('forbidden', 'staff_forbidden');
    const why = this.checkPurpose(purpose);
    const status = await this.customers.status(customerId);
    if (!status) throw new AppError('not_found', 'No such customer.');
    await this.log(staff, 'customer.viewed', why, customerId, {});
    const requests = await this.requests.ofCustomer(customerId);
    const restrictions = (await this.restrictions.active(customerId)).map((r) => ({
      kind: r.kind,
      purposes: r.purposes,
      placedAt: r.placedAt,
    }));
    // Erased, or signed out and waiting for a hold to be released: nothing personal to show.
    if (status !== 'active') {
      return {
        id: customerId,
        status,
        name: null,
        email: null,
        phone: null,
        identityNumber: null,
        meteringPoints: [],
        requests,
        restrictions,
      };
    }
    const profile = await this.customers.profile(customerId);
    const points = await this.metering.pointsOf(customerId);
    return {
      id: customerId,
      status,
      name: profile.name,
      email: profile.email,
      phone: profile.phone,
      identityNumber: can(staff.roles, 'customers.identity_number')
        ? profile.identityNumber
        : maskIdentityNumber(profile.identityNumber),
      meteringPoints: points.map((p) => ({
        id: p.id,
        meteringPointId: p.meteringPointId,
        priceArea: p.priceArea,
      })),
      requests,
      restrictions,
    };
  }
}
