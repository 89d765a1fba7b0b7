/**
 * A person's full name as it is taken anywhere (sign-up, sign-up through an identity
 * provider, rectification, a staff account). Pure: a string in, the name or the reason it
 * is refused out.
 *
 * Control characters (C0, DEL and C1) and the Unicode bidirectional embeddings, overrides
 * and isolates are refused, not stripped: a name is shown to staff, written into exports
 * and e-mails, and an override can make «Anna» read as something else on the desk, or a
 * line break forge a second line in a file. Refusing says so to the person who typed it.
 */
export type PersonNameProblem = 'name_required' | 'name_characters';

export const NAME_MIN_LENGTH = 2;
export const NAME_MAX_LENGTH = 200;

const isForbidden = (code: number): boolean =>
  code <= 0x1f ||
  (code >= 0x7f && code <= 0x9f) ||
  (code >= 0x202a && code <= 0x202e) ||
  (code >= 0x2066 && code <= 0x2069);

export const hasForbiddenNameCharacter = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) if (isForbidden(text.charCodeAt(i))) return true;
  return false;
};

/** Spaces around the name are dropped and runs of spaces inside become one; anything else is kept as typed. */
export const checkPersonName = (
  input: string,
):
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly problem: PersonNameProblem } => {
  const trimmed = input.trim();
  if (hasForbiddenNameCharacter(trimmed)) return { ok: false, problem: 'name_characters' };
  const name = trimmed.replace(/\s+/g, ' ');
  if (name.length < NAME_MIN_LENGTH || name.length > NAME_MAX_LENGTH)
    return { ok: false, problem: 'name_required' };
  return { ok: true, value: name };
};
