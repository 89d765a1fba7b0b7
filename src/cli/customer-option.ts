import type { App } from '../app.ts';
import { AppError } from '../platform/errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A customer given on the command line by ID or e-mail address; the address is looked up
 * through the blind index, as at sign-in. Neither found is said plainly, without repeating
 * what was typed (it may be someone's address).
 */
export const customerOf = async (app: App, given: string): Promise<string> => {
  const text = given.trim();
  const id = UUID.test(text)
    ? (await app.services.customers.status(text.toLowerCase())) === undefined
      ? undefined
      : text.toLowerCase()
    : text.includes('@')
      ? await app.services.customers.findIdByEmail(text)
      : undefined;
  if (id === undefined)
    throw new AppError('not_found', 'No customer has this ID or e-mail address (--customer).');
  return id;
};
