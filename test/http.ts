import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { App } from '../src/app.ts';
import { createWebServer } from '../src/web/server.ts';

/**
 * A browser-like HTTP client for tests: keeps cookies, reads the CSRF token out of forms,
 * and never follows redirects by itself so each step can be checked.
 */
export class HttpSession {
  private readonly cookies = new Map<string, string>();
  private csrf = '';

  constructor(private readonly base: string) {}

  private remember(res: Response): void {
    for (const header of res.headers.getSetCookie()) {
      const [pair, ...attrs] = header.split(';');
      const [name, ...rest] = (pair ?? '').split('=');
      const value = rest.join('=');
      const expired = attrs.some((a) => /expires=thu, 01 jan 1970/i.test(a.trim())) || value === '';
      if (!name) continue;
      if (expired) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** Plants a cookie, as a site that can write cookies into the browser could. */
  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  /** The CSRF token read off the last page. */
  get csrfToken(): string {
    return this.csrf;
  }

  /** Sends `token` with the next forms instead of the one read off the last page. */
  useCsrfToken(token: string): void {
    this.csrf = token;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return { ...(cookie ? { cookie } : {}), ...extra };
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<{ res: Response; body: string }> {
    const res = await fetch(this.base + path, { redirect: 'manual', headers: this.headers(headers) });
    this.remember(res);
    const body = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
    if (token) this.csrf = token;
    return { res, body };
  }

  async post(
    path: string,
    form: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<{ res: Response; body: string }> {
    const res = await fetch(this.base + path, {
      method: 'POST',
      redirect: 'manual',
      headers: this.headers({
        'content-type': 'application/x-www-form-urlencoded',
        origin: this.base,
        ...headers,
      }),
      body: new URLSearchParams({ _csrf: this.csrf, ...form }).toString(),
    });
    this.remember(res);
    return { res, body: await res.text() };
  }

  /** Posts a form as a browser does: a 303 answer is followed to the page it names, whose answer is returned. */
  async postFollowing(
    path: string,
    form: Record<string, string>,
  ): Promise<{ res: Response; body: string; redirectedFrom?: Response }> {
    const posted = await this.post(path, form);
    const location = posted.res.headers.get('location');
    if (posted.res.status !== 303 || !location?.startsWith('/')) return posted;
    return { ...(await this.get(location)), redirectedFrom: posted.res };
  }

  async upload(
    path: string,
    field: string,
    file: { name: string; content: string | Uint8Array; type: string },
  ): Promise<{ res: Response; body: string }> {
    const form = new FormData();
    form.set('_csrf', this.csrf);
    form.set(field, new Blob([file.content as BlobPart], { type: file.type }), file.name);
    const res = await fetch(this.base + path, {
      method: 'POST',
      redirect: 'manual',
      headers: this.headers({ origin: this.base }),
      body: form,
    });
    this.remember(res);
    return { res, body: await res.text() };
  }
}

/** Text of an HTML page without tags, for assertions on what a person reads. */
export const visibleText = (html: string): string =>
  html
    .replace(/<svg[\s\S]*?<\/svg>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|\u00a0/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');

/** The app's web server on a free loopback port, as a test talks to it. */
export const listenWeb = async (
  app: App,
  options?: Parameters<typeof createWebServer>[1],
): Promise<{ readonly server: FastifyInstance; readonly base: string }> => {
  const server = await createWebServer(app, options);
  await server.listen({ port: 0, host: '127.0.0.1' });
  return { server, base: `http://127.0.0.1:${(server.server.address() as AddressInfo).port}` };
};
