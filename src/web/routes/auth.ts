import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.ts';
import type { WebOptions } from './public.ts';

/** Sign-in through OpenID Connect (BankID and ID-porten brokers speak it). */
export const registerAuthRoutes = (_server: FastifyInstance, _app: App, _options: WebOptions): void => {};
