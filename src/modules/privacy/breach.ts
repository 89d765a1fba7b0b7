/**
 * Personal data breaches (GDPR Art. 33–34): the authority must be told within 72 hours of
 * finding a breach unless it is unlikely to result in a risk, and the people affected
 * without undue delay when the risk is high. Pure: the clock and the duties from the facts.
 */
export const NOTIFY_HOURS = 72;

export interface BreachFacts {
  readonly foundAt: Date;
  readonly risk: 'none' | 'risk' | 'high_risk';
  readonly authorityNotifiedAt: Date | null;
  readonly authorityNotNotifiedReason: string | null;
  readonly subjectsNotifiedAt: Date | null;
}

export interface BreachDuties {
  readonly authorityDeadline: Date;
  /** Hours left until the authority deadline; negative when passed. */
  readonly hoursLeft: number;
  readonly authorityDue: boolean;
  readonly authorityLate: boolean;
  readonly subjectsDue: boolean;
}

export const breachDuties = (b: BreachFacts, now: Date): BreachDuties => {
  const deadline = new Date(b.foundAt.getTime() + NOTIFY_HOURS * 3_600_000);
  const authorityDue =
    b.risk !== 'none' && b.authorityNotifiedAt === null && b.authorityNotNotifiedReason === null;
  return {
    authorityDeadline: deadline,
    hoursLeft: Math.floor((deadline.getTime() - now.getTime()) / 3_600_000),
    authorityDue,
    authorityLate:
      b.risk !== 'none' &&
      (b.authorityNotifiedAt
        ? b.authorityNotifiedAt.getTime() > deadline.getTime()
        : now.getTime() > deadline.getTime()) &&
      b.authorityNotNotifiedReason === null,
    subjectsDue: b.risk === 'high_risk' && b.subjectsNotifiedAt === null,
  };
};
