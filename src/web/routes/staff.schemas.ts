import { Type } from '@sinclair/typebox';
import { form, LONG, many, SHORT, Uuid } from './schemas.ts';

/** What the desk's forms and paths may carry; each handler says what a missing field means. */
export const SignInForm = form({ username: SHORT, password: 1000 });
export const NoteForm = form({ note: LONG });
export const ReasonForm = form({ reason: LONG });
export const CompleteForm = Type.Object({
  ...form({ resolution: LONG, upheld: 10, name: SHORT, email: SHORT, phone: SHORT }).properties,
  purposes: many(20),
});
export const RestrictForm = Type.Object({ purposes: many(20) });
export const ExtractParams = Type.Object({ id: Uuid, format: Type.String({ maxLength: 40 }) });
export const LookupForm = form({ query: SHORT, purpose: SHORT });
export const PurposeForm = form({ purpose: SHORT });
export const NewRequestForm = Type.Object({
  ...form({ type: 40, channel: 40, text: LONG, name: SHORT, email: SHORT, phone: SHORT }).properties,
  purposes: many(20),
});
export const HoldForm = form({ customerId: SHORT, reason: LONG });
export const BreachForm = Type.Object({
  ...form({ title: SHORT, description: LONG, subjectsAffected: 20, foundAt: 40, risk: 20 }).properties,
  categories: many(40),
});
export const BreachSubjectForm = form({ customer: SHORT });
export const BreachNoticeForm = form({ consequences: LONG, measures: LONG });
export const BreachMarkForm = form({ mark: 20 });
