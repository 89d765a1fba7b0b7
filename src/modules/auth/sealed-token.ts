import type { Clock } from '../../platform/clock.ts';
import { open, seal } from '../../platform/crypto/envelope.ts';
import type { Keyring } from '../../platform/crypto/keyring.ts';

/** The platform key that seals short-lived sign-in state handed to the browser. */
const TOKEN_KEY = 'sign-in-tokens';

/**
 * Short-lived state a browser carries between two requests of a sign-in (the OpenID Connect
 * flow, a verified identity waiting for sign-up, a staff password waiting for its second
 * factor), sealed with AES-256-GCM under a platform key. The browser can neither read nor
 * change it, nothing about an unfinished sign-in is stored on the server, and the kind in
 * the associated data keeps one kind of token from being used as another.
 */
export class SealedTokens {
  constructor(
    private readonly keyring: Keyring,
    private readonly clock: Clock,
  ) {}

  async seal(kind: string, payload: Record<string, unknown>, ttlSeconds: number): Promise<string> {
    const key = await this.keyring.platformKey(TOKEN_KEY);
    const body = JSON.stringify({ p: payload, exp: this.clock.now().getTime() + ttlSeconds * 1000 });
    return Buffer.from(seal(key, Buffer.from(body, 'utf8'), `sealed-token:${kind}`)).toString('base64url');
  }

  /** The payload, or undefined for a missing, altered, foreign or expired token. */
  async open<T>(kind: string, token: string | undefined): Promise<T | undefined> {
    if (!token || token.length > 4096 || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
    const key = await this.keyring.platformKey(TOKEN_KEY);
    try {
      const plain = open(key, new Uint8Array(Buffer.from(token, 'base64url')), `sealed-token:${kind}`);
      const { p, exp } = JSON.parse(Buffer.from(plain).toString('utf8')) as { p: T; exp: number };
      return typeof exp === 'number' && exp > this.clock.now().getTime() ? p : undefined;
    } catch {
      return undefined;
    }
  }
}
