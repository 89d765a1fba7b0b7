import { type TObject, type TOptional, type TString, Type } from '@sinclair/typebox';

/**
 * The shapes of what routes are given, checked before a handler runs: a malformed id in a
 * path answers 404 (it names nothing), a malformed query or form 400, both as a page in
 * the visitor's language; nothing malformed reaches a uuid column or a parser.
 */
export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
export const Uuid = Type.String({ pattern: UUID_PATTERN });

export const IdParams = Type.Object({ id: Uuid });

/** Form fields and query parameters are optional text of a bounded length; the handler says what is missing. */
export const text = (maxLength: number): TOptional<TString> => Type.Optional(Type.String({ maxLength }));

/** A form of optional text fields by their longest allowed length; other fields (the CSRF token) pass. */
export const form = (fields: Record<string, number>): TObject<Record<string, TOptional<TString>>> =>
  Type.Object(Object.fromEntries(Object.entries(fields).map(([name, max]) => [name, text(max)])));

/** A field that may be given several times (checkboxes), up to a bound. */
export const many = (maxItems: number) =>
  Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems }));

/** A local path to return to after a step, never another site. */
export const ReturnTo = Type.Object({ til: Type.Optional(Type.String({ maxLength: 300 })) });

/** Short free text: a name, an e-mail address, a phone number, a search. */
export const SHORT = 300;
/** A written answer, a reason, a description. */
export const LONG = 5000;

/** An identity provider's answer on the way back: its own parameters, each of a bounded length. */
export const ProviderAnswer = Type.Object({}, { additionalProperties: Type.String({ maxLength: 4000 }) });
