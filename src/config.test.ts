import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configVariables, loadConfig } from './config.ts';
import { AppError } from './platform/errors.ts';

describe('configuration', () => {
  it('has documented defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.host).toBe('localhost');
    expect(c.dataDir).toBe(path.resolve('./data'));
    expect(c.databaseUrl).toBeUndefined();
    expect(c.masterKey).toBeUndefined();
    expect(c.demo).toBe(true);
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.uploadLimitBytes).toBe(10 * 1024 * 1024);
    expect(loadConfig({ PORT: '3200' }).publicUrl).toBe('http://localhost:3200');
  });

  it('reads every variable', () => {
    const key = 'ab'.repeat(32);
    const c = loadConfig({
      PORT: '8080',
      DATA_DIR: '/tmp/x',
      DATABASE_URL: 'postgres://u@h:5432/d',
      ELVAKT_MASTER_KEY: key,
      ELVAKT_DEMO: '0',
      ELVAKT_PUBLIC_URL: 'https://elvakt.example/',
      LOG_LEVEL: 'warn',
      ELVAKT_UPLOAD_LIMIT_BYTES: '1000',
    });
    expect(c.port).toBe(8080);
    expect(c.databaseUrl).toBe('postgres://u@h:5432/d');
    expect(Buffer.from(c.masterKey ?? []).toString('hex')).toBe(key);
    expect(c.demo).toBe(false);
    expect(c.publicUrl).toBe('https://elvakt.example');
    expect(c.uploadLimitBytes).toBe(1000);
  });

  it('turns demo mode on by itself only on the embedded database with an http address, and refuses it on https', () => {
    const pgUrl = 'postgres://u@h:5432/d';
    expect(loadConfig({}).demo).toBe(true);
    expect(loadConfig({ DATABASE_URL: pgUrl }).demo).toBe(false);
    expect(loadConfig({ ELVAKT_PUBLIC_URL: 'https://elvakt.example' }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: pgUrl, ELVAKT_DEMO: '1' }).demo).toBe(true);
    expect(loadConfig({ ELVAKT_DEMO: '0' }).demo).toBe(false);
    expect(() => loadConfig({ ELVAKT_DEMO: '1', ELVAKT_PUBLIC_URL: 'https://elvakt.example' })).toThrow(
      /ELVAKT_DEMO: demo mode seeds staff and a household whose passwords are published in the README, so it is refused with an https ELVAKT_PUBLIC_URL/,
    );
  });

  it('lists every bad variable at once and never echoes a value', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://secret-password@x',
        ELVAKT_MASTER_KEY: 'too-short-secret',
        ELVAKT_DEMO: 'maybe',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    expect(e.code).toBe('config_invalid');
    expect(e.details.map((d) => d.at)).toEqual(['PORT', 'DATABASE_URL', 'ELVAKT_MASTER_KEY', 'ELVAKT_DEMO']);
    expect(e.message).not.toContain('secret');
  });

  it('turns OpenID Connect sign-in on with an issuer and a client id, and checks them', () => {
    expect(loadConfig({}).oidc).toBeUndefined();
    expect(
      loadConfig({
        ELVAKT_OIDC_ISSUER: 'https://idporten.no/',
        ELVAKT_OIDC_CLIENT_ID: 'elvakt',
        ELVAKT_OIDC_CLIENT_SECRET: 'hemmelig-klientnokkel',
      }).oidc,
    ).toEqual({
      issuer: 'https://idporten.no/',
      clientId: 'elvakt',
      clientSecret: 'hemmelig-klientnokkel',
      scopes: 'openid',
    });
    expect(
      loadConfig({
        ELVAKT_OIDC_ISSUER: 'http://localhost:9000',
        ELVAKT_OIDC_CLIENT_ID: 'elvakt',
        ELVAKT_OIDC_SCOPES: 'openid  profile',
      }).oidc,
    ).toEqual({
      issuer: 'http://localhost:9000',
      clientId: 'elvakt',
      clientSecret: undefined,
      scopes: 'openid profile',
    });
    let error: unknown;
    try {
      loadConfig({
        ELVAKT_OIDC_ISSUER: 'http://idp.example',
        ELVAKT_OIDC_SCOPES: 'profile',
        ELVAKT_OIDC_CLIENT_SECRET: 'hemmelig-klientnokkel',
      });
    } catch (e) {
      error = e;
    }
    const e = error as AppError;
    expect(e.details.map((d) => d.at)).toEqual(['ELVAKT_OIDC_ISSUER', 'ELVAKT_OIDC_SCOPES']);
    expect(e.message).not.toContain('hemmelig');
    expect(() => loadConfig({ ELVAKT_OIDC_ISSUER: 'https://idporten.no/' })).toThrow(/ELVAKT_OIDC_CLIENT_ID/);
  });

  it('turns staff single sign-on on with an issuer and a client id, with default scopes and claim', () => {
    expect(loadConfig({}).staffOidc).toBeUndefined();
    expect(
      loadConfig({
        ELVAKT_STAFF_OIDC_ISSUER: 'https://login.selskapet.example/realms/ansatte',
        ELVAKT_STAFF_OIDC_CLIENT_ID: 'elvakt-ansatt',
      }).staffOidc,
    ).toEqual({
      issuer: 'https://login.selskapet.example/realms/ansatte',
      clientId: 'elvakt-ansatt',
      clientSecret: undefined,
      scopes: 'openid profile email',
      claim: 'preferred_username',
    });
    expect(
      loadConfig({
        ELVAKT_STAFF_OIDC_ISSUER: 'http://localhost:9100',
        ELVAKT_STAFF_OIDC_CLIENT_ID: 'elvakt-ansatt',
        ELVAKT_STAFF_OIDC_SCOPES: 'openid upn',
        ELVAKT_STAFF_OIDC_CLAIM: 'upn',
      }).staffOidc,
    ).toMatchObject({ scopes: 'openid upn', claim: 'upn' });
    let error: unknown;
    try {
      loadConfig({
        ELVAKT_STAFF_OIDC_ISSUER: 'http://sso.example',
        ELVAKT_STAFF_OIDC_SCOPES: 'profile',
        ELVAKT_STAFF_OIDC_CLAIM: 'not a claim',
        ELVAKT_STAFF_OIDC_CLIENT_SECRET: 'hemmelig-ansattnokkel',
      });
    } catch (e) {
      error = e;
    }
    const e = error as AppError;
    expect(e.details.map((d) => d.at)).toEqual([
      'ELVAKT_STAFF_OIDC_ISSUER',
      'ELVAKT_STAFF_OIDC_SCOPES',
      'ELVAKT_STAFF_OIDC_CLAIM',
    ]);
    expect(e.message).not.toContain('hemmelig');
    expect(() => loadConfig({ ELVAKT_STAFF_OIDC_ISSUER: 'https://sso.example/' })).toThrow(
      /ELVAKT_STAFF_OIDC_CLIENT_ID/,
    );
  });

  it('trusts no proxy unless told, and then addresses, ranges or a hop count', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ ELVAKT_TRUST_PROXY: ' 127.0.0.1, 10.0.0.0/8 ,::1,loopback' }).trustProxy).toBe(
      '127.0.0.1,10.0.0.0/8,::1,loopback',
    );
    expect(loadConfig({ ELVAKT_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    // Trusting everyone would let any client name its own address.
    for (const bad of ['true', '*', '0', '10.0.0.0/33', 'proxy.example', '1.2.3.4/8/1']) {
      expect(() => loadConfig({ ELVAKT_TRUST_PROXY: bad }), bad).toThrow(/ELVAKT_TRUST_PROXY/);
    }
  });

  it('is documented in the README, variable by variable, with the same defaults', () => {
    const readme = fs.readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');
    for (const v of configVariables) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${v.name}\``));
      expect(row, `README row for ${v.name}`).toBeDefined();
      expect(row).toContain(v.defaultText);
    }
  });
});
