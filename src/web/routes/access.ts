import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { REQUEST_TYPES } from '../../modules/privacy/request-rules.ts';
import {
  type Capability,
  can,
  mayActOnRequest,
  type RequestAction,
  type StaffMember,
} from '../../modules/staff/staff.ts';
import { AppError } from '../../platform/errors.ts';
import type { RequestType } from '../../schema.ts';

/**
 * What a route's parameter names. The walk of every route with every role fills each
 * parameter with a real one of its kind; a household's own things (invoices, metering
 * points, requests) answer another household as if they did not exist.
 */
export type ParamKind =
  | 'invoice'
  | 'attachment'
  | 'metering_point'
  | 'request'
  | 'customer'
  | 'hold'
  | 'breach'
  | 'staff_member'
  | 'onboarding_step'
  | 'extract_format'
  | 'language'
  | 'unsubscribe_token';

type Params = Readonly<Record<string, ParamKind>>;

/**
 * Who may call a route, declared on the route itself (`config.access`) and enforced before
 * its parameters are read. `anyone`: public; `household`: a signed-in customer, whose own
 * things only the services hand out; `staff`: a signed-in staff member whose roles have the
 * capability, or for a request the action in the capability table (the service then
 * decides it for the request's type).
 */
export type Access =
  | { readonly who: 'anyone'; readonly params?: Params }
  | { readonly who: 'household'; readonly params?: Params }
  | { readonly who: 'staff'; readonly capability: Capability; readonly params?: Params }
  | { readonly who: 'staff'; readonly request: RequestAction; readonly params: Params };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}

export const anyone = (params?: Params): Access => (params ? { who: 'anyone', params } : { who: 'anyone' });
export const household = (params?: Params): Access =>
  params ? { who: 'household', params } : { who: 'household' };
export const staffWith = (capability: Capability, params?: Params): Access =>
  params ? { who: 'staff', capability, params } : { who: 'staff', capability };
/** A staff action on the request named by `:id`. */
export const staffOnRequest = (action: RequestAction, params: Params = {}): Access => ({
  who: 'staff',
  request: action,
  params: { id: 'request', ...params },
});

const TYPES = Object.keys(REQUEST_TYPES) as RequestType[];

/** Whether the roles may ever call the route: for a request action, for some type of request. */
export const staffMayCall = (roles: readonly string[], access: Access & { who: 'staff' }): boolean =>
  'request' in access
    ? TYPES.some((type) => mayActOnRequest(roles, type, access.request))
    : can(roles, access.capability);

export interface DeclaredRoute {
  readonly method: string;
  readonly url: string;
  readonly access: Access;
}

const registries = new WeakMap<FastifyInstance, DeclaredRoute[]>();

/** Every route of a server with its declaration, as registered. */
export const declaredRoutes = (server: FastifyInstance): readonly DeclaredRoute[] =>
  registries.get(server) ?? [];

const paramNames = (url: string): string[] =>
  [...url.matchAll(/:([A-Za-z_]\w*)/g)].map((m) => m[1] as string);

/**
 * Refuses, at registration, a route that does not say who may call it or what its
 * parameters name, or that reads parameters without a schema for them; then enforces the
 * declaration on every request. Must run before any route is registered.
 */
export const enforceAccess = (
  server: FastifyInstance,
  forbidden: (request: FastifyRequest, reply: FastifyReply, staff: StaffMember) => FastifyReply,
): void => {
  const registry: DeclaredRoute[] = [];
  registries.set(server, registry);
  server.addHook('onRoute', (route: RouteOptions) => {
    const access = route.config?.access;
    const where = `${String(route.method)} ${route.url}`;
    if (!access) throw new Error(`${where} does not declare who may call it (config.access).`);
    const names = paramNames(route.url);
    for (const name of names) {
      if (!access.params?.[name]) throw new Error(`${where} does not declare what :${name} names.`);
    }
    if (names.length > 0 && !route.schema?.params)
      throw new Error(`${where} has no schema for its parameters.`);
    for (const method of ([] as string[]).concat(route.method)) {
      if (method !== 'HEAD') registry.push({ method, url: route.url, access });
    }
  });
  server.addHook('preValidation', async (request, reply) => {
    const access = request.routeOptions.config.access;
    if (!access || access.who === 'anyone') return;
    if (access.who === 'household') {
      if (!request.session) throw new AppError('unauthenticated', 'sign_in_required');
      return;
    }
    const staff = request.staff;
    if (!staff) return reply.redirect('/ansatt/logg-inn', 303);
    if (!staffMayCall(staff.roles, access)) return forbidden(request, reply, staff);
  });
};
