import { Type } from '@sinclair/typebox';
import { form, LONG, many, SHORT } from './schemas.ts';

/** What "Mine data" and the rights pages may be given. */
export const PasswordForm = form({ password: 1000, til: SHORT });
export const CodeForm = form({ code: 20 });
export const RequestForm = Type.Object({
  ...form({ type: 40, text: LONG, name: SHORT, email: SHORT, phone: SHORT }).properties,
  purposes: many(20),
});
