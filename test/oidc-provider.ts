import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import Provider from 'oidc-provider';
import { HttpSession } from './http.ts';

/**
 * A real OpenID Connect provider (oidc-provider) for tests: one confidential client with the
 * redirect URI given, PKCE, and a login that happens by itself as the person set with
 * `nextLogin` (no pages to fill in), who gets the ID-porten claim `pid` with their identity
 * number. Use it with a fixed port for Elvakt, since the redirect URI names it:
 *
 *   const port = await freePort();
 *   const base = `http://127.0.0.1:${port}`;
 *   const op = await startOidcProvider({ redirectUri: `${base}/logg-inn/oidc/tilbake` });
 *   const t = await startTestApp(kind, { env: { ...op.env, ELVAKT_PUBLIC_URL: base } });
 *   const server = await createWebServer(t.app);
 *   await server.listen({ port, host: '127.0.0.1' });
 *   op.nextLogin({ sub: 'abc', pid: '14028512334' });
 *
 * Then GET /logg-inn/oidc, hand its Location to `op.authorize` (or let a browser follow it:
 * every provider step is a redirect), and GET the callback path it returns. For staff single
 * sign-on, register `/ansatt/logg-inn/oidc/tilbake`, start the app with `op.staffEnv`, and
 * log in as someone with a `preferred_username` (and `amr`, as a company provider sends).
 */
export interface OidcTestPerson {
  readonly sub: string;
  /** The identity number as ID-porten's `pid` claim; leave out to test a provider that releases none. */
  readonly pid?: string;
  readonly name?: string;
  /** A company provider's user name (scope `profile`), as staff single sign-on reads it. */
  readonly preferred_username?: string;
  readonly email?: string;
  /** Roles the provider claims for the person (scope `profile`); Elvakt must not believe them. */
  readonly roles?: readonly string[];
  /** How the person authenticated, given to the ID token as `amr` (e.g. `['pwd', 'otp']`). */
  readonly amr?: readonly string[];
}

export interface TestOidcProvider {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** ELVAKT_OIDC_* for startTestApp's env. */
  readonly env: Record<string, string>;
  /** The same client as the company's provider for staff: ELVAKT_STAFF_OIDC_* with the default scopes and claim. */
  readonly staffEnv: Record<string, string>;
  /** Who the next authorization request logs in as. */
  nextLogin(person: OidcTestPerson): void;
  /**
   * Follows the provider's redirects from an authorization URL (login and consent happen by
   * themselves) and returns the callback URL the provider sends the browser to.
   */
  authorize(authorizationUrl: string): Promise<URL>;
  close(): Promise<void>;
}

/** A free TCP port on 127.0.0.1, for a server whose address must be known before it starts. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });

export const startOidcProvider = async (options: {
  /** One, or several when households and staff sign in through the same provider. */
  readonly redirectUri: string | readonly string[];
  /**
   * Where the identity number is released: in the ID token, as ID-porten does (the default),
   * or only from UserInfo, as providers that follow OpenID Connect's claim rules strictly do.
   */
  readonly claimsIn?: 'id_token' | 'userinfo';
}): Promise<TestOidcProvider> => {
  const clientId = 'elvakt-test';
  const clientSecret = randomBytes(24).toString('base64url');
  const people = new Map<string, OidcTestPerson>();
  let next: OidcTestPerson | undefined;
  let provider: Provider | undefined;

  const autoInteraction = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const op = provider as Provider;
    const details = await op.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      if (!next) throw new Error('no test person set: call nextLogin first');
      people.set(next.sub, next);
      return op.interactionFinished(
        req,
        res,
        { login: { accountId: next.sub, ...(next.amr ? { amr: [...next.amr] } : {}) } },
        { mergeWithLastSubmission: false },
      );
    }
    // Consent: grant what the client asked for, as a first-party provider would.
    const accountId = details.session?.accountId as string;
    const grant = details.grantId
      ? ((await op.Grant.find(details.grantId)) as NonNullable<
          Awaited<ReturnType<Provider['Grant']['find']>>
        >)
      : new op.Grant({ accountId, clientId: details.params.client_id });
    if (details.prompt.details.missingOIDCScope)
      grant.addOIDCScope(details.prompt.details.missingOIDCScope.join(' '));
    if (details.prompt.details.missingOIDCClaims)
      grant.addOIDCClaims(details.prompt.details.missingOIDCClaims);
    return op.interactionFinished(
      req,
      res,
      { consent: { grantId: await grant.save() } },
      { mergeWithLastSubmission: true },
    );
  };

  const server = http.createServer((req, res) => {
    if (!provider) {
      res.statusCode = 503;
      res.end();
      return;
    }
    if (req.url?.startsWith('/interaction/')) {
      autoInteraction(req, res).catch((e: unknown) => {
        res.statusCode = 500;
        res.end(String(e));
      });
      return;
    }
    provider.callback()(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;

  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris:
          typeof options.redirectUri === 'string' ? [options.redirectUri] : [...options.redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...signingKey, alg: 'RS256', use: 'sig', kid: 'test-key' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    // ID-porten puts `pid` in the scope `openid`; a company provider names its users in
    // `profile`. `amr` is released only to a person logged in with one.
    claims: {
      openid: ['sub', 'pid', 'amr'],
      profile: ['name', 'preferred_username', 'roles'],
      email: ['email'],
    },
    conformIdTokenClaims: options.claimsIn === 'userinfo',
    features: { devInteractions: { enabled: false } },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 3600,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx: unknown, sub: string) => {
      const person = people.get(sub);
      if (!person) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          ...(person.pid ? { pid: person.pid } : {}),
          ...(person.name ? { name: person.name } : {}),
          ...(person.preferred_username ? { preferred_username: person.preferred_username } : {}),
          ...(person.email ? { email: person.email } : {}),
          ...(person.roles ? { roles: [...person.roles] } : {}),
        }),
      };
    },
  });

  return {
    issuer,
    clientId,
    clientSecret,
    env: {
      ELVAKT_OIDC_ISSUER: issuer,
      ELVAKT_OIDC_CLIENT_ID: clientId,
      ELVAKT_OIDC_CLIENT_SECRET: clientSecret,
      // `profile` for the name, which BankID brokers release and ID-porten does not.
      ELVAKT_OIDC_SCOPES: 'openid profile',
    },
    staffEnv: {
      ELVAKT_STAFF_OIDC_ISSUER: issuer,
      ELVAKT_STAFF_OIDC_CLIENT_ID: clientId,
      ELVAKT_STAFF_OIDC_CLIENT_SECRET: clientSecret,
    },
    nextLogin: (person) => {
      next = person;
    },
    authorize: async (authorizationUrl) => {
      // A browser of its own at the provider: a fresh one each time, so every authorization logs in anew.
      const browser = new HttpSession(issuer);
      let url = new URL(authorizationUrl);
      for (let hop = 0; hop < 10; hop++) {
        if (url.origin !== issuer) return url;
        const { res, body } = await browser.get(url.pathname + url.search);
        const location = res.headers.get('location');
        if (!location)
          throw new Error(
            `the provider stopped at ${url.pathname} with ${res.status}: ${body.slice(0, 300)}`,
          );
        url = new URL(location, issuer);
      }
      throw new Error('the provider redirected too often');
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
