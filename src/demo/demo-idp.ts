import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type Provider from 'oidc-provider';
import type { interactionPolicy as InteractionPolicy } from 'oidc-provider';
import { escapeMarkup } from '../platform/escape.ts';
import { DEMO_PERSON, DEMO_STAFF } from './demo-household.ts';

/**
 * A demo identity provider for `npm start`: a real OpenID Connect provider on the next port,
 * standing in for BankID / ID-porten so a newcomer can try signing in with an identity
 * instead of a password. It offers two made-up people: the demo household, and a synthetic
 * test person (Tenor's +80 month) who has no account yet and so goes through sign-up. It
 * releases the identity number as ID-porten does (`pid`). Never started outside demo mode.
 */
export const DEMO_NEWCOMER = { sub: 'demo-newcomer', pid: '15899000096', name: 'Nina Nykunde (demo)' };
const PEOPLE = new Map<string, Record<string, string>>([
  ['demo-household', { sub: 'demo-household', pid: DEMO_PERSON.identityNumber, name: DEMO_PERSON.name }],
  [DEMO_NEWCOMER.sub, DEMO_NEWCOMER],
]);
/**
 * The demo staff as the company's single sign-on knows them: by user name (the claim Elvakt
 * matches), having signed in with a password and a one-time code at the provider.
 */
const STAFF_PEOPLE = new Map<string, Record<string, string>>(
  DEMO_STAFF.map((s) => [
    `demo-staff-${s.username}`,
    { sub: `demo-staff-${s.username}`, preferred_username: s.username, name: s.name },
  ]),
);
const STAFF_CLIENT = 'elvakt-demo-staff';

/**
 * oidc-provider warns, as it loads, on any Node.js older than 22 LTS. Elvakt supports 20.19
 * and later, where the demo provider runs as it should, so that one line is held back and
 * any other warning still shows.
 */
const RUNTIME_WARNING = 'oidc-provider WARNING: Unsupported runtime';
const loadProvider = async (): Promise<{
  default: typeof Provider;
  interactionPolicy: typeof InteractionPolicy;
}> => {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes(RUNTIME_WARNING)) return;
    warn(...args);
  };
  try {
    return await import('oidc-provider');
  } finally {
    console.warn = warn;
  }
};

type Stored = { payload: Record<string, unknown>; expiresAt: number };

/**
 * Where the demo provider keeps its grants, codes and sessions: in this process's memory,
 * which is all a demo needs (a restart signs the demo people out of Demo-ID). Written out
 * rather than the library's own quick-start store, which is meant for trying the library.
 */
class DemoStore {
  private static readonly rows = new Map<string, Stored>();
  constructor(private readonly model: string) {}
  private key(id: string) {
    return `${this.model}:${id}`;
  }
  private live(key: string): Record<string, unknown> | undefined {
    const row = DemoStore.rows.get(key);
    if (!row) return undefined;
    if (row.expiresAt <= Date.now()) {
      DemoStore.rows.delete(key);
      return undefined;
    }
    return row.payload;
  }
  async upsert(id: string, payload: Record<string, unknown>, expiresIn: number) {
    DemoStore.rows.set(this.key(id), { payload, expiresAt: Date.now() + expiresIn * 1000 });
  }
  async find(id: string) {
    return this.live(this.key(id));
  }
  async findByUid(uid: string) {
    for (const key of DemoStore.rows.keys()) {
      if (key.startsWith(`${this.model}:`) && this.live(key)?.uid === uid) return this.live(key);
    }
    return undefined;
  }
  async findByUserCode(userCode: string) {
    for (const key of DemoStore.rows.keys()) {
      if (key.startsWith(`${this.model}:`) && this.live(key)?.userCode === userCode) return this.live(key);
    }
    return undefined;
  }
  async consume(id: string) {
    const payload = this.live(this.key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }
  async destroy(id: string) {
    DemoStore.rows.delete(this.key(id));
  }
  async revokeByGrantId(grantId: string) {
    for (const [key, row] of DemoStore.rows) if (row.payload.grantId === grantId) DemoStore.rows.delete(key);
  }
}

export interface DemoIdp {
  readonly env: Record<string, string>;
  readonly issuer: string;
  close(): Promise<void>;
}

const page = (uid: string, staff: boolean) => `<!doctype html><html lang="nb"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Demo-ID</title></head>
<body><main><h1>Demo-ID</h1>
${
  staff
    ? `<p>Dette er en demo av selskapets felles innlogging for ansatte. Ingen ekte konto brukes.</p>
<form method="post" action="/interaction/${uid}">
${[...STAFF_PEOPLE.values()]
  .map(
    (p) =>
      `<p><button type="submit" name="who" value="${escapeMarkup(p.sub ?? '')}">Logg inn som ${escapeMarkup(p.name ?? '')} (${escapeMarkup(p.preferred_username ?? '')})</button></p>`,
  )
  .join('\n')}`
    : `<p>Dette er en demo av innlogging med BankID eller ID-porten. Ingen ekte identitet brukes.</p>
<form method="post" action="/interaction/${uid}">
<p><button type="submit" name="who" value="demo-household">Logg inn som demohusholdningen</button></p>
<p><button type="submit" name="who" value="${DEMO_NEWCOMER.sub}">Logg inn som en ny testperson</button></p>`
}
</form></main></body></html>`;

/**
 * `staffRedirectUri` adds a second client: the company's single sign-on for the demo staff,
 * so a newcomer can try the desk without an authenticator app.
 */
export const startDemoIdp = async (options: {
  port: number;
  redirectUri: string;
  staffRedirectUri?: string;
}): Promise<DemoIdp> => {
  const clientId = 'elvakt-demo';
  const clientSecret = randomBytes(24).toString('base64url');
  const staffSecret = randomBytes(24).toString('base64url');
  let provider: Provider | undefined;

  const interaction = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const op = provider as Provider;
    const details = await op.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      const staff = details.params.client_id === STAFF_CLIENT;
      if (req.method !== 'POST') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(details.uid, staff));
        return;
      }
      let body = '';
      for await (const chunk of req) body += chunk;
      const who = new URLSearchParams(body).get('who') ?? '';
      if (!(staff ? STAFF_PEOPLE : PEOPLE).has(who)) {
        res.writeHead(400).end('Unknown demo person');
        return;
      }
      await op.interactionFinished(
        req,
        res,
        { login: { accountId: who, ...(staff ? { amr: ['pwd', 'otp'] } : {}) } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    // Consent: a first-party provider grants what its own client asks for.
    const accountId = details.session?.accountId as string;
    const grant = details.grantId
      ? ((await op.Grant.find(details.grantId)) as NonNullable<
          Awaited<ReturnType<Provider['Grant']['find']>>
        >)
      : new op.Grant({ accountId, clientId: details.params.client_id as string });
    if (details.prompt.details.missingOIDCScope)
      grant.addOIDCScope(details.prompt.details.missingOIDCScope.join(' '));
    if (details.prompt.details.missingOIDCClaims)
      grant.addOIDCClaims(details.prompt.details.missingOIDCClaims);
    await op.interactionFinished(
      req,
      res,
      { consent: { grantId: await grant.save() } },
      { mergeWithLastSubmission: true },
    );
  };

  const server = http.createServer((req, res) => {
    if (!provider) return void res.writeHead(503).end();
    if (req.url?.startsWith('/interaction/')) {
      interaction(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500).end('Demo-ID failed');
      });
      return;
    }
    provider.callback()(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const issuer = `http://localhost:${(server.address() as AddressInfo).port}`;
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const { default: OidcProvider, interactionPolicy } = await loadProvider();
  // Someone signed in at Demo-ID as a household is not a staff member, nor the other way
  // round: a session of the other kind is asked to sign in again rather than refused later.
  const policy = interactionPolicy.base();
  policy.get('login')?.checks.push(
    new interactionPolicy.Check('other_kind', 'Signed in as someone this client does not know', (ctx) => {
      const who = ctx.oidc.session.accountId;
      const known = ctx.oidc.client?.clientId === STAFF_CLIENT ? STAFF_PEOPLE : PEOPLE;
      return who !== undefined && !known.has(who)
        ? interactionPolicy.Check.REQUEST_PROMPT
        : interactionPolicy.Check.NO_NEED_TO_PROMPT;
    }),
  );
  provider = new OidcProvider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
      ...(options.staffRedirectUri
        ? [
            {
              client_id: STAFF_CLIENT,
              client_secret: staffSecret,
              redirect_uris: [options.staffRedirectUri],
              response_types: ['code'],
              grant_types: ['authorization_code'],
            },
          ]
        : []),
    ],
    adapter: DemoStore,
    jwks: { keys: [{ ...key, alg: 'RS256', use: 'sig', kid: 'demo' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub', 'pid'], profile: ['name', 'preferred_username'] },
    features: { devInteractions: { enabled: false } },
    // Short lives for everything it issues; set, so the library has no defaults to warn about.
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Grant: 600,
      Session: 3600,
    },
    interactions: { policy, url: (_ctx: unknown, i: { uid: string }) => `/interaction/${i.uid}` },
    findAccount: (_ctx: unknown, sub: string) => {
      const person = PEOPLE.get(sub) ?? STAFF_PEOPLE.get(sub);
      return person ? { accountId: sub, claims: () => ({ ...person }) } : undefined;
    },
  });
  return {
    issuer,
    env: {
      ELVAKT_OIDC_ISSUER: issuer,
      ELVAKT_OIDC_CLIENT_ID: clientId,
      ELVAKT_OIDC_CLIENT_SECRET: clientSecret,
      ELVAKT_OIDC_SCOPES: 'openid profile',
      ...(options.staffRedirectUri
        ? {
            ELVAKT_STAFF_OIDC_ISSUER: issuer,
            ELVAKT_STAFF_OIDC_CLIENT_ID: STAFF_CLIENT,
            ELVAKT_STAFF_OIDC_CLIENT_SECRET: staffSecret,
            ELVAKT_STAFF_OIDC_SCOPES: 'openid profile',
          }
        : {}),
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
