import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { AppError, type ErrorDetail } from './platform/errors.ts';

/**
 * The one configuration schema. Every variable is declared here once with its default and
 * its documentation; the README table is checked against this list by a test, so the two
 * cannot drift. Configuration is read once at start and every bad variable is reported.
 */
interface Variable<T> {
  readonly name: string;
  /** What the README shows as the default. */
  readonly defaultText: string;
  readonly doc: string;
  parse(raw: string | undefined): T;
}

const fail = (message: string): never => {
  throw new Error(message);
};

const variable = <T>(v: Variable<T>): Variable<T> => v;

const port = variable({
  name: 'PORT',
  defaultText: '`3000`',
  doc: 'TCP port of the web server.',
  parse: (raw) => {
    const n = Number(raw ?? '3000');
    return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : fail('must be an integer from 0 to 65535');
  },
});

const host = variable({
  name: 'HOST',
  defaultText: '`localhost`',
  doc: 'Interface the web server listens on; `0.0.0.0` to accept connections from other machines.',
  parse: (raw) => (raw && raw.trim() !== '' ? raw.trim() : 'localhost'),
});

const dataDir = variable({
  name: 'DATA_DIR',
  defaultText: '`./data`',
  doc: 'Folder for the embedded database, the master key file and the lock file. Created if missing.',
  parse: (raw) => path.resolve(raw && raw.trim() !== '' ? raw : './data'),
});

const databaseUrl = variable({
  name: 'DATABASE_URL',
  defaultText: 'unset',
  doc: 'PostgreSQL connection URL (`postgres://user@host:5432/db`). Unset: the embedded PGlite database in `DATA_DIR`.',
  parse: (raw) => {
    if (raw === undefined || raw.trim() === '') return undefined;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return fail('must be a URL such as postgres://user@host:5432/db');
    }
    return url.protocol === 'postgres:' || url.protocol === 'postgresql:'
      ? raw
      : fail('must start with postgres:// or postgresql://');
  },
});

const keystoreUrl = variable({
  name: 'ELVAKT_KEYSTORE_URL',
  defaultText: 'unset',
  doc: 'PostgreSQL URL of the key store (wrapped data keys), a database apart from `DATABASE_URL` so that dumps of the data hold no keys. Unset with `DATABASE_URL`: the schema `elvakt_keys` of the same database, with a warning. The embedded default keeps it in `DATA_DIR/keystore`.',
  parse: (raw) => databaseUrl.parse(raw),
});

const masterKey = variable({
  name: 'ELVAKT_MASTER_KEY',
  defaultText: 'unset',
  doc: 'Master key that wraps every data key: 32 bytes as 64 hex digits or base64. Unset: a key file `master.key` is created in `DATA_DIR` with mode 0600 on first start.',
  parse: (raw) => {
    if (raw === undefined || raw.trim() === '') return undefined;
    const text = raw.trim();
    const bytes = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
    return bytes.length === 32 ? new Uint8Array(bytes) : fail('must be 32 bytes, as 64 hex digits or base64');
  },
});

const oldMasterKey = variable({
  name: 'ELVAKT_OLD_MASTER_KEY',
  defaultText: 'unset',
  doc: 'During a master key rotation only: the previous master key, still accepted for reading until `elvakt keys rotate` has re-wrapped every data key under `ELVAKT_MASTER_KEY`.',
  parse: (raw) => masterKey.parse(raw),
});

const demo = variable({
  name: 'ELVAKT_DEMO',
  defaultText: '`1` on the embedded database, `0` with `DATABASE_URL`',
  doc: 'Demo mode: seeds an empty database with the demo household, market data, demo offers and the demo staff (passwords printed in this README), signs in through the demo identity provider, and stands in for Elhub and, without `ELVAKT_BANK_URL`, for the bank. Unset: on only with the embedded database and an http `ELVAKT_PUBLIC_URL`. `1` turns it on with PostgreSQL too, `0` off; refused with an https `ELVAKT_PUBLIC_URL`.',
  parse: (raw): boolean | undefined => {
    if (raw === undefined || raw.trim() === '') return undefined;
    const text = raw.trim();
    return text === '1' || text === 'true'
      ? true
      : text === '0' || text === 'false'
        ? false
        : fail('must be 0 or 1');
  },
});

const publicUrl = variable({
  name: 'ELVAKT_PUBLIC_URL',
  defaultText: '`http://localhost:` and `PORT`',
  doc: 'The address people use to reach Elvakt. Cookies are marked Secure when it is https, and form posts must come from this origin.',
  parse: (raw) => {
    if (!raw || raw.trim() === '') return undefined;
    try {
      const url = new URL(raw.trim());
      return url.protocol === 'http:' || url.protocol === 'https:'
        ? url.origin
        : fail('must be an http(s) URL');
    } catch {
      return fail('must be an http(s) URL');
    }
  },
});

const logLevel = variable({
  name: 'LOG_LEVEL',
  defaultText: '`info`',
  doc: 'One of `fatal`, `error`, `warn`, `info`, `debug`, `trace`, `silent`. Log lines go to standard error, as JSON; on a terminal they are plain lines and, with `LOG_LEVEL` unset, only warnings and errors (`--verbose` shows `info`).',
  parse: (raw) => {
    const text = raw && raw.trim() !== '' ? raw.trim() : 'info';
    return ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(text)
      ? text
      : fail('must be one of fatal, error, warn, info, debug, trace, silent');
  },
});

const uploadLimit = variable({
  name: 'ELVAKT_UPLOAD_LIMIT_BYTES',
  defaultText: '`10485760` (10 MB)',
  doc: 'Largest file accepted for import, on the web and on the command line; larger files are refused before they are parsed.',
  parse: (raw) => {
    const n = Number(raw ?? 10 * 1024 * 1024);
    return Number.isInteger(n) && n > 0 ? n : fail('must be a positive integer');
  },
});

const optionalText = (raw: string | undefined): string | undefined =>
  raw && raw.trim() !== '' ? raw.trim() : undefined;

const smtpUrl = variable({
  name: 'ELVAKT_SMTP_URL',
  defaultText: 'unset',
  doc: 'SMTP server for e-mail (`smtp://user:password@host:587`, `smtps://…`). Unset: e-mail is written as files into `DATA_DIR/mail` and sent nowhere.',
  parse: (raw) => {
    const text = optionalText(raw);
    if (!text) return undefined;
    try {
      const url = new URL(text);
      return url.protocol === 'smtp:' || url.protocol === 'smtps:'
        ? text
        : fail('must start with smtp:// or smtps://');
    } catch {
      return fail('must be an smtp:// or smtps:// URL');
    }
  },
});

const mailFrom = variable({
  name: 'ELVAKT_MAIL_FROM',
  defaultText: '`Elvakt <personvern@elvakt.no>`',
  doc: 'Sender of e-mail.',
  parse: (raw) => optionalText(raw) ?? 'Elvakt <personvern@elvakt.no>',
});

const smsUrl = variable({
  name: 'ELVAKT_SMS_URL',
  defaultText: 'unset',
  doc: 'HTTP SMS gateway (`POST` JSON `{ "to", "text" }`). Unset: SMS are written as files into `DATA_DIR/sms`.',
  parse: (raw) => {
    const text = optionalText(raw);
    if (!text) return undefined;
    return /^https?:\/\//.test(text) ? text : fail('must be an http(s) URL');
  },
});

const smsToken = variable({
  name: 'ELVAKT_SMS_TOKEN',
  defaultText: 'unset',
  doc: 'Bearer token for the SMS gateway.',
  parse: optionalText,
});

const processorsFile = variable({
  name: 'ELVAKT_PROCESSORS_FILE',
  defaultText: 'unset',
  doc: 'JSON file with processors beyond the built-in CGI Norge AS and Kredinor AS (see `docs/formats.md`); shown on the policy page and in the record of processing.',
  parse: optionalText,
});

const controllerName = variable({
  name: 'ELVAKT_CONTROLLER',
  defaultText: '`Elvakt AS`',
  doc: 'The data controller named on the privacy policy and in the record of processing.',
  parse: (raw) => optionalText(raw) ?? 'Elvakt AS',
});

const privacyContact = variable({
  name: 'ELVAKT_PRIVACY_CONTACT',
  defaultText: '`personvern@elvakt.no`',
  doc: 'Where people write about their data (the data protection officer).',
  parse: (raw) => optionalText(raw) ?? 'personvern@elvakt.no',
});

const sellerRegisters = variable({
  name: 'ELVAKT_SELLER_REGISTERS',
  defaultText: 'unset',
  doc: "Comma-separated register files of electricity companies, read after the shipped `registers/electricity-sellers.json` (a later file corrects an earlier one; see `registers/README.md`). An invoice from a seller in none of them is dropped unread. With `ELVAKT_DEMO=1` the fictional companies of the official EHF examples and the demo household's made-up supplier (`demo/example-sellers.json`) are added.",
  parse: (raw) =>
    (optionalText(raw) ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '')
      .map((p) => path.resolve(p)),
});

const bankUrl = variable({
  name: 'ELVAKT_BANK_URL',
  defaultText: 'unset',
  doc: 'Base URL of the bank e-invoice service (`docs/protocols/bank-einvoice.md`); https except on localhost. Unset: no invoices are fetched from a bank.',
  parse: (raw) => {
    const text = optionalText(raw);
    if (!text) return undefined;
    try {
      const url = new URL(text);
      const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
      return url.protocol === 'https:' || (url.protocol === 'http:' && local)
        ? text.replace(/\/$/, '')
        : fail('must be an https URL (http only on localhost)');
    } catch {
      return fail('must be an https URL');
    }
  },
});

const bankToken = variable({
  name: 'ELVAKT_BANK_TOKEN',
  defaultText: 'unset',
  doc: 'Bearer token the bank issued to Elvakt for its e-invoice service.',
  parse: optionalText,
});

const invoiceFetchHours = variable({
  name: 'ELVAKT_INVOICE_FETCH_HOURS',
  defaultText: '`24`',
  doc: 'How often, in hours, new invoices are fetched for each customer whose consent to continued analysis lasts.',
  parse: (raw) => {
    const n = Number(raw ?? 24);
    return Number.isFinite(n) && n > 0 && n <= 24 * 31 ? n : fail('must be a number of hours from 1 to 744');
  },
});

const repriceMinutes = variable({
  name: 'ELVAKT_REPRICE_MINUTES',
  defaultText: '`5`',
  doc: 'How often, in minutes, metering points whose prices, offers, invoices or consumption changed are priced again (and customers who asked for it told of a saving above their threshold).',
  parse: (raw) => {
    const n = Number(raw ?? 5);
    return Number.isInteger(n) && n >= 1 && n <= 24 * 60
      ? n
      : fail('must be a whole number of minutes from 1 to 1440');
  },
});

const gridTariffs = variable({
  name: 'ELVAKT_GRID_TARIFFS',
  defaultText: 'the shipped copy of Fri nettleie (`fixtures/conformance/grid-tariffs`)',
  doc: 'Folder of grid tariff files in Fri nettleie\'s YAML format (CC-BY-4.0, credit "Fri nettleie"), by which the grid part of each month\'s bill is priced; point it at an up-to-date checkout of their `tariffer/` folder.',
  parse: (raw) => (raw === undefined || raw.trim() === '' ? undefined : path.resolve(raw)),
});

const engineWorkers = variable({
  name: 'ELVAKT_ENGINE_WORKERS',
  defaultText: 'the number of cores',
  doc: 'Worker threads the re-pricing job spreads the savings engine over; 0 prices in the main thread.',
  parse: (raw) => {
    const n = raw === undefined ? Math.min(8, availableParallelism()) : Number(raw);
    return Number.isInteger(n) && n >= 0 && n <= 64 ? n : fail('must be a whole number from 0 to 64');
  },
});

/**
 * https, or http on this machine only (a test or development identity provider). Kept as
 * written: an issuer must match the provider's own spelling exactly, trailing slash and all.
 */
const httpsUrl = (raw: string | undefined): string | undefined => {
  const text = optionalText(raw);
  if (!text) return undefined;
  try {
    const url = new URL(text);
    const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
    return url.protocol === 'https:' || (url.protocol === 'http:' && local)
      ? text
      : fail('must be an https URL (http only on localhost)');
  } catch {
    return fail('must be an https URL');
  }
};

const oidcIssuer = variable({
  name: 'ELVAKT_OIDC_ISSUER',
  defaultText: 'unset',
  doc: 'OpenID Connect issuer households sign in with (an ID-porten or BankID broker), found by discovery; https except on localhost. Unset: sign-in with e-mail and password only. The provider must return the identity number as `pid`, `nnin`, `norwegian_national_id` or `socialno`; the redirect URI to register is `ELVAKT_PUBLIC_URL` + `/logg-inn/oidc/tilbake`.',
  parse: httpsUrl,
});

const oidcClientId = variable({
  name: 'ELVAKT_OIDC_CLIENT_ID',
  defaultText: 'unset',
  doc: 'Client id Elvakt is registered under at `ELVAKT_OIDC_ISSUER`; required with it.',
  parse: optionalText,
});

const oidcClientSecret = variable({
  name: 'ELVAKT_OIDC_CLIENT_SECRET',
  defaultText: 'unset',
  doc: 'Client secret for `ELVAKT_OIDC_ISSUER` (sent with HTTP Basic authentication). Unset: a public client, protected by PKCE alone.',
  parse: optionalText,
});

const oidcScopes = variable({
  name: 'ELVAKT_OIDC_SCOPES',
  defaultText: '`openid`',
  doc: 'Space-separated scopes asked of `ELVAKT_OIDC_ISSUER`; must include `openid`, and whatever the provider needs to release the identity number (some BankID brokers: `ssn` or `nnin`).',
  parse: (raw) => {
    const scopes = (optionalText(raw) ?? 'openid').split(/\s+/);
    return scopes.includes('openid') ? scopes.join(' ') : fail('must include openid');
  },
});

const staffOidcIssuer = variable({
  name: 'ELVAKT_STAFF_OIDC_ISSUER',
  defaultText: 'unset',
  doc: "OpenID Connect issuer staff sign in with (the company's single sign-on), found by discovery; https except on localhost. Unset: staff sign in with password and one-time code only. The provider answers for the second factor; the redirect URI to register is `ELVAKT_PUBLIC_URL` + `/ansatt/logg-inn/oidc/tilbake`.",
  parse: httpsUrl,
});

const staffOidcClientId = variable({
  name: 'ELVAKT_STAFF_OIDC_CLIENT_ID',
  defaultText: 'unset',
  doc: 'Client id Elvakt is registered under at `ELVAKT_STAFF_OIDC_ISSUER`; required with it.',
  parse: optionalText,
});

const staffOidcClientSecret = variable({
  name: 'ELVAKT_STAFF_OIDC_CLIENT_SECRET',
  defaultText: 'unset',
  doc: 'Client secret for `ELVAKT_STAFF_OIDC_ISSUER` (sent with HTTP Basic authentication). Unset: a public client, protected by PKCE alone.',
  parse: optionalText,
});

const staffOidcScopes = variable({
  name: 'ELVAKT_STAFF_OIDC_SCOPES',
  defaultText: '`openid profile email`',
  doc: 'Space-separated scopes asked of `ELVAKT_STAFF_OIDC_ISSUER`; must include `openid`, and whatever releases `ELVAKT_STAFF_OIDC_CLAIM`.',
  parse: (raw) => {
    const scopes = (optionalText(raw) ?? 'openid profile email').split(/\s+/);
    return scopes.includes('openid') ? scopes.join(' ') : fail('must include openid');
  },
});

/** The names proxy-addr (Fastify's `trustProxy`) knows for whole ranges. */
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

const proxyEntry = (entry: string): boolean => {
  if (PROXY_RANGES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
};

const trustProxy = variable({
  name: 'ELVAKT_TRUST_PROXY',
  defaultText: 'unset',
  doc: 'Reverse proxies whose `X-Forwarded-For` names the client: comma-separated addresses or CIDR ranges (`127.0.0.1,10.0.0.0/8`; also `loopback`, `linklocal`, `uniquelocal`) or a hop count (`1`). Sign-in limits count by the address this gives. Unset: no proxy is trusted and the header is ignored.',
  parse: (raw): string | number | undefined => {
    const text = optionalText(raw);
    if (text === undefined) return undefined;
    if (/^\d+$/.test(text)) {
      const hops = Number(text);
      return hops >= 1 && hops <= 10 ? hops : fail('a number of hops must be from 1 to 10');
    }
    const entries = text.split(',').map((e) => e.trim());
    return entries.every(proxyEntry)
      ? entries.join(',')
      : fail('must be comma-separated IP addresses or CIDR ranges, or a number of hops');
  },
});

const staffOidcClaim = variable({
  name: 'ELVAKT_STAFF_OIDC_CLAIM',
  defaultText: '`preferred_username`',
  doc: "The claim (from the ID token, or UserInfo when the token lacks it) whose value, trimmed and lower-cased, must equal the user name of an existing, enabled staff account; choose one the provider's users cannot change themselves. Roles always come from Elvakt, and the account is tied to the provider's subject at its first sign-in.",
  parse: (raw) => {
    const text = optionalText(raw) ?? 'preferred_username';
    return /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/.test(text) ? text : fail('must be a claim name');
  },
});

export const configVariables = [
  port,
  host,
  dataDir,
  databaseUrl,
  keystoreUrl,
  masterKey,
  oldMasterKey,
  demo,
  publicUrl,
  logLevel,
  uploadLimit,
  smtpUrl,
  mailFrom,
  smsUrl,
  smsToken,
  processorsFile,
  controllerName,
  privacyContact,
  sellerRegisters,
  bankUrl,
  bankToken,
  invoiceFetchHours,
  repriceMinutes,
  engineWorkers,
  gridTariffs,
  oidcIssuer,
  oidcClientId,
  oidcClientSecret,
  oidcScopes,
  staffOidcIssuer,
  staffOidcClientId,
  staffOidcClientSecret,
  staffOidcScopes,
  staffOidcClaim,
  trustProxy,
] as const;

/** Household sign-in through OpenID Connect; absent when `ELVAKT_OIDC_ISSUER` is unset. */
export interface OidcConfig {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string | undefined;
  readonly scopes: string;
}

/** Staff sign-in through the company's OpenID Connect provider; absent when `ELVAKT_STAFF_OIDC_ISSUER` is unset. */
export interface StaffOidcConfig extends OidcConfig {
  /** The claim whose value names the staff account. */
  readonly claim: string;
}

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly keystoreUrl: string | undefined;
  readonly masterKey: Uint8Array | undefined;
  readonly oldMasterKey: Uint8Array | undefined;
  readonly demo: boolean;
  readonly publicUrl: string;
  readonly logLevel: string;
  readonly uploadLimitBytes: number;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly smsUrl: string | undefined;
  readonly smsToken: string | undefined;
  readonly processorsFile: string | undefined;
  readonly controller: string;
  readonly privacyContact: string;
  /** Register files read after the shipped one. */
  readonly sellerRegisters: readonly string[];
  readonly bankUrl: string | undefined;
  readonly bankToken: string | undefined;
  readonly invoiceFetchHours: number;
  readonly repriceMinutes: number;
  readonly engineWorkers: number;
  /** Unset: the shipped copy. */
  readonly gridTariffs: string | undefined;
  readonly oidc: OidcConfig | undefined;
  readonly staffOidc: StaffOidcConfig | undefined;
  /** Fastify's `trustProxy`: addresses or ranges, or a hop count; false trusts no proxy. */
  readonly trustProxy: string | number | false;
}

export const loadConfig = (env: Record<string, string | undefined> = process.env): Config => {
  const problems: ErrorDetail[] = [];
  const read = <T>(v: Variable<T>): T => {
    try {
      return v.parse(env[v.name]);
    } catch (e) {
      // The value itself is never echoed: a master key or a database password must not reach a terminal log.
      problems.push({ at: v.name, message: (e as Error).message });
      return undefined as T;
    }
  };
  const config: Config = {
    port: read(port),
    host: read(host),
    dataDir: read(dataDir),
    databaseUrl: read(databaseUrl),
    keystoreUrl: read(keystoreUrl),
    masterKey: read(masterKey),
    oldMasterKey: read(oldMasterKey),
    demo: false,
    publicUrl: '',
    logLevel: read(logLevel),
    uploadLimitBytes: read(uploadLimit),
    smtpUrl: read(smtpUrl),
    mailFrom: read(mailFrom),
    smsUrl: read(smsUrl),
    smsToken: read(smsToken),
    processorsFile: read(processorsFile),
    controller: read(controllerName),
    privacyContact: read(privacyContact),
    sellerRegisters: read(sellerRegisters),
    bankUrl: read(bankUrl),
    bankToken: read(bankToken),
    invoiceFetchHours: read(invoiceFetchHours),
    repriceMinutes: read(repriceMinutes),
    engineWorkers: read(engineWorkers),
    gridTariffs: read(gridTariffs),
    oidc: undefined,
    staffOidc: undefined,
    trustProxy: read(trustProxy) ?? false,
  };
  const explicitUrl = read(publicUrl);
  const explicitDemo = read(demo);
  const https = explicitUrl?.startsWith('https:') === true;
  // Demo accounts have passwords printed in the README: never on a public address, and on PostgreSQL only when asked for.
  if (explicitDemo === true && https)
    problems.push({
      at: demo.name,
      message:
        'demo mode seeds staff and a household whose passwords are published in the README, so it is refused with an https ELVAKT_PUBLIC_URL; unset ELVAKT_DEMO or set it to 0',
    });
  const issuer = read(oidcIssuer);
  const clientId = read(oidcClientId);
  const clientSecret = read(oidcClientSecret);
  const scopes = read(oidcScopes);
  if (issuer && !clientId)
    problems.push({ at: oidcClientId.name, message: 'required with ELVAKT_OIDC_ISSUER' });
  const staffIssuer = read(staffOidcIssuer);
  const staffClientId = read(staffOidcClientId);
  const staffClientSecret = read(staffOidcClientSecret);
  const staffScopes = read(staffOidcScopes);
  const staffClaim = read(staffOidcClaim);
  if (staffIssuer && !staffClientId)
    problems.push({ at: staffOidcClientId.name, message: 'required with ELVAKT_STAFF_OIDC_ISSUER' });
  if (problems.length > 0) {
    const list = problems.map((p) => `${p.at}: ${p.message}`).join('; ');
    throw new AppError('config_invalid', `Invalid configuration: ${list}`, problems);
  }
  return {
    ...config,
    demo: explicitDemo ?? (config.databaseUrl === undefined && !https),
    publicUrl: explicitUrl ?? `http://localhost:${config.port}`,
    oidc: issuer && clientId ? { issuer, clientId, clientSecret, scopes } : undefined,
    staffOidc:
      staffIssuer && staffClientId
        ? {
            issuer: staffIssuer,
            clientId: staffClientId,
            clientSecret: staffClientSecret,
            scopes: staffScopes,
            claim: staffClaim,
          }
        : undefined,
  };
};
