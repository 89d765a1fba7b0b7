import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.ts';
import type { WebOptions } from './public.ts';

/** The household's invoices, consumption reports and notification settings. */
export const registerHouseholdRoutes = (
  _server: FastifyInstance,
  _app: App,
  _options: WebOptions,
): void => {};
