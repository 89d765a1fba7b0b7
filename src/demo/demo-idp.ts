import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { DEMO_PERSON } from './demo-household.ts';

/**
 * A demo identity provider for `npm start`: a real OpenID Connect provider on the next port,
 * standing in for BankID / ID-porten so a newcomer can try signing in with an identity
 * instead of a password. It offers two made-up people: the demo household, and a synthetic
 * test person (Tenor's +80 month) who has no account yet and so goes through sign-up. It
 * releases the identity number as ID-porten does (`pid`). Never started outside demo mode.
 */
export const DEMO_NEWCOMER = { sub: 'demo-newcomer', pid: '15899000096', name: 'Nina Nykunde (demo)' };
const PEOPLE = new Map([
  ['demo-household', { sub: 'demo-household', pid: DEMO_PERSON.identityNumber, name: DEMO_PERSON.name }],
  [DEMO_NEWCOMER.sub, DEMO_NEWCOMER],
]);

export interface DemoIdp {
  readonly env: Record<string, string>;
  readonly issuer: string;
  close(): Promise<void>;
}

const page = (uid: string) => `<!doctype html><html lang="nb"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Demo-ID</title></head>
<body><main><h1>Demo-ID</h1>
<p>Dette er en demo av innlogging med BankID eller ID-porten. Ingen ekte identitet brukes.</p>
<form method="post" action="/interaction/${uid}">
<p><button type="submit" name="who" value="demo-household">Logg inn som demohusholdningen</button></p>
<p><button type="submit" name="who" value="${DEMO_NEWCOMER.sub}">Logg inn som en ny testperson</button></p>
</form></main></body></html>`;

export const startDemoIdp = async (options: { port: number; redirectUri: string }): Promise<DemoIdp> => {
  const clientId = 'elvakt-demo';
  const clientSecret = randomBytes(24).toString('base64url');
  let provider: Provider | undefined;

  const interaction = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const op = provider as Provider;
    const details = await op.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      if (req.method !== 'POST') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(details.uid));
        return;
      }
      let body = '';
      for await (const chunk of req) body += chunk;
      const who = new URLSearchParams(body).get('who') ?? '';
      if (!PEOPLE.has(who)) {
        res.writeHead(400).end('Unknown demo person');
        return;
      }
      await op.interactionFinished(
        req,
        res,
        { login: { accountId: who } },
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
  provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    jwks: { keys: [{ ...key, alg: 'RS256', use: 'sig', kid: 'demo' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub', 'pid'], profile: ['name'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, i: { uid: string }) => `/interaction/${i.uid}` },
    findAccount: (_ctx: unknown, sub: string) => {
      const person = PEOPLE.get(sub);
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
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
