import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErasureItem } from '../modules/privacy/erasure-plan.ts';
import type { CustomerCard, CustomerMatch } from '../modules/staff/desk.service.ts';

/** The cookie that names a result waiting for the page after a redirect. */
export const FLASH_COOKIE = 'flash';

/** What a form's answer carries to the page it redirects to. */
export type FlashValue =
  | { readonly kind: 'notice'; readonly notice: { kind: 'info' | 'error'; lines: string[] } }
  | {
      readonly kind: 'erased';
      readonly items: readonly ErasureItem[];
      readonly completed: boolean;
      readonly ended: boolean;
    }
  | { readonly kind: 'unsubscribed' }
  /** The consent choices that would end the relationship, to be confirmed on the next page. */
  | { readonly kind: 'confirmEnd'; readonly body: Readonly<Record<string, string>> }
  | {
      readonly kind: 'lookup';
      readonly results: readonly CustomerCard[] | null;
      readonly matches: readonly CustomerMatch[] | null;
      readonly purpose: string;
    };

interface Entry {
  readonly owner: string | null;
  readonly value: FlashValue;
  readonly expires: number;
}

const FLASH_MS = 2 * 60_000;
const MAX_ENTRIES = 10_000;

/**
 * Post, redirect, get: a form's answer is a 303 to a page, so a reload reads the page and
 * never sends the form again. What the form did (how many hours an upload stored, what an
 * erasure deleted) waits here for that one next page, under a random id in a cookie: no
 * personal data in the address, and nothing about it in the database. An entry is read
 * once, only by the session that made it (a customer, a staff member, or no one when the
 * form ended the session), and is gone after two minutes or when the server restarts;
 * the page then shows itself without it.
 */
export class Flash {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly secure: boolean,
    private readonly now: () => number = Date.now,
  ) {}

  put(reply: FastifyReply, owner: string | null, value: FlashValue): void {
    const now = this.now();
    for (const [id, e] of this.entries) if (e.expires <= now) this.entries.delete(id);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    const id = randomBytes(18).toString('base64url');
    this.entries.set(id, { owner, value, expires: now + FLASH_MS });
    reply.setCookie(FLASH_COOKIE, id, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secure,
      maxAge: FLASH_MS / 1000,
    });
  }

  /** The waiting value of this kind, once; undefined when there is none or it is another session's. */
  take<K extends FlashValue['kind']>(
    request: FastifyRequest,
    reply: FastifyReply,
    owner: string | null,
    kind: K,
  ): Extract<FlashValue, { kind: K }> | undefined {
    const id = request.cookies[FLASH_COOKIE];
    if (!id) return undefined;
    const entry = this.entries.get(id);
    if (!entry || entry.value.kind !== kind) return undefined;
    this.entries.delete(id);
    reply.clearCookie(FLASH_COOKIE, { path: '/' });
    if (entry.owner !== owner || entry.expires <= this.now()) return undefined;
    return entry.value as Extract<FlashValue, { kind: K }>;
  }
}
