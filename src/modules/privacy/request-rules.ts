import type { RequestState, RequestType } from '../../schema.ts';
import { addMonths } from '../consents/permission.ts';
import type { Text } from './vocabulary.ts';

/**
 * The rules of data-subject requests (GDPR Art. 12): an answer within 30 days of receipt,
 * extendable by at most two further months with a reason given to the person; identity
 * confirmed before anything is disclosed or changed; which requests a person's own
 * confirmation completes and which need a person on our side.
 */
export const REQUEST_TYPES: Record<RequestType, Text & { article: string; selfService: boolean }> = {
  access: { nb: 'Innsyn', en: 'Access', article: 'art. 15', selfService: true },
  portability: { nb: 'Dataportabilitet', en: 'Data portability', article: 'art. 20', selfService: true },
  rectification: { nb: 'Retting', en: 'Rectification', article: 'art. 16', selfService: true },
  erasure: { nb: 'Sletting', en: 'Erasure', article: 'art. 17', selfService: true },
  restriction: { nb: 'Begrensning', en: 'Restriction', article: 'art. 18', selfService: true },
  objection: {
    nb: 'Protest mot behandling basert på berettiget interesse',
    en: 'Objection to processing based on legitimate interest',
    article: 'art. 21 nr. 1',
    selfService: false,
  },
  objection_marketing: {
    nb: 'Protest mot direkte markedsføring',
    en: 'Objection to direct marketing',
    article: 'art. 21 nr. 2',
    selfService: true,
  },
  automated_decision_review: {
    nb: 'Gjennomgang av en automatisert avgjørelse',
    en: 'Review of an automated decision',
    article: 'art. 22',
    selfService: false,
  },
  complaint: { nb: 'Klage', en: 'Complaint', article: 'art. 77', selfService: false },
};

export const isRequestType = (t: string): t is RequestType => t in REQUEST_TYPES;

export const ANSWER_DAYS = 30;
export const MAX_EXTENSION_MONTHS = 2;
export const CODE_MINUTES = 15;
export const MAX_CODE_ATTEMPTS = 5;
/** A sign-in this recent counts as confirming who you are. */
export const FRESH_LOGIN_MINUTES = 15;

export const dueDate = (receivedAt: Date): Date => new Date(receivedAt.getTime() + ANSWER_DAYS * 86_400_000);

/** The latest a deadline may be moved to: 30 days and two further months after receipt. */
export const latestExtension = (receivedAt: Date): Date =>
  addMonths(dueDate(receivedAt), MAX_EXTENSION_MONTHS);

export const isFreshLogin = (authenticatedAt: Date, now: Date): boolean =>
  now.getTime() - authenticatedAt.getTime() <= FRESH_LOGIN_MINUTES * 60_000;

export type DeadlineStatus = 'overdue' | 'due_soon' | 'on_time' | 'closed';

export const deadlineStatus = (dueAt: Date, closed: boolean, now: Date): DeadlineStatus => {
  if (closed) return 'closed';
  const left = dueAt.getTime() - now.getTime();
  if (left < 0) return 'overdue';
  return left <= 7 * 86_400_000 ? 'due_soon' : 'on_time';
};

const TRANSITIONS: Record<RequestState, readonly RequestState[]> = {
  received: ['verified', 'withdrawn', 'rejected'],
  verified: ['completed', 'rejected', 'withdrawn'],
  completed: [],
  rejected: [],
  withdrawn: [],
};

export const canMove = (from: RequestState, to: RequestState): boolean => TRANSITIONS[from].includes(to);
