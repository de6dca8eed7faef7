import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, DEMO_SESSION_SECRET, EMBEDDED_REQUEST_CONCURRENCY, loadConfig } from './config.ts';

test('defaults suit a laptop demo on the embedded database', () => {
  const config = loadConfig({});
  assert.equal(config.port, 3000);
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.demo, true);
  assert.equal(config.sessionIdleMinutes, 30);
  assert.equal(config.sessionAbsoluteHours, 12);
  assert.equal(config.trustProxy, false);
});

test('production refuses a missing, default or short secret, and demo mode', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'production' }), ConfigError);
  assert.throws(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: DEMO_SESSION_SECRET }), /private value/);
  assert.throws(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'too-short' }), /at least 32/);
  const secret = 'k'.repeat(40);
  assert.throws(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: secret, DEMO: '1' }), /DEMO/);
  const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: secret });
  assert.equal(config.demo, false, 'production creates no demo accounts');
});

test('a bad setting is named in one readable message', () => {
  assert.throws(() => loadConfig({ PORT: 'eighty' }), /Setting PORT is invalid/);
  assert.throws(() => loadConfig({ COUNCIL_LA_CODE: '84' }), /COUNCIL_LA_CODE/);
});

test('MIGRATION_DATABASE_URL: the owner of the same database as DATABASE_URL, or refused', () => {
  const config = loadConfig({
    DATABASE_URL: 'postgres://steadfast_app:a@db.example.org:5432/steadfast',
    MIGRATION_DATABASE_URL: 'postgres://steadfast_owner:b@db.example.org/steadfast',
  });
  assert.equal(config.migrationDatabaseUrl, 'postgres://steadfast_owner:b@db.example.org/steadfast');
  assert.equal(loadConfig({ DATABASE_URL: 'postgres://a@db.example.org/steadfast' }).migrationDatabaseUrl, undefined);
  assert.throws(() => loadConfig({ MIGRATION_DATABASE_URL: 'postgres://owner@db.example.org/steadfast' }), /MIGRATION_DATABASE_URL is set without DATABASE_URL/);
  assert.throws(
    () => loadConfig({ DATABASE_URL: 'postgres://app@db.example.org/steadfast', MIGRATION_DATABASE_URL: 'postgres://owner@db.example.org/other' }),
    /must name the same host, port and database/,
  );
  assert.throws(() => loadConfig({ DATABASE_URL: 'postgres://app@db.example.org/steadfast', MIGRATION_DATABASE_URL: 'not a url' }), /Setting MIGRATION_DATABASE_URL is invalid/);
});

test('requests queue on the embedded database by default, not on a server, and the settings are checked', () => {
  assert.equal(loadConfig({}).requestConcurrency, EMBEDDED_REQUEST_CONCURRENCY);
  assert.equal(loadConfig({}).requestQueueWaitSeconds, 10);
  assert.equal(loadConfig({ DATABASE_URL: 'postgres://a@db.example.org/steadfast' }).requestConcurrency, 0);
  assert.equal(loadConfig({ DATABASE_URL: 'postgres://a@db.example.org/steadfast', REQUEST_CONCURRENCY: '20' }).requestConcurrency, 20);
  assert.equal(loadConfig({ REQUEST_CONCURRENCY: '0' }).requestConcurrency, 0);
  assert.throws(() => loadConfig({ REQUEST_CONCURRENCY: '-1' }), /Setting REQUEST_CONCURRENCY is invalid/);
  assert.throws(() => loadConfig({ REQUEST_CONCURRENCY: '1.5' }), /Setting REQUEST_CONCURRENCY is invalid/);
  assert.throws(() => loadConfig({ REQUEST_QUEUE_WAIT_SECONDS: '0' }), /Setting REQUEST_QUEUE_WAIT_SECONDS is invalid/);
});

test('email: no mail server by default; SMTP_URL or SMTP_HOST with SMTP_FROM; links need PUBLIC_URL in production', () => {
  const none = loadConfig({});
  assert.equal(none.smtp, null, 'emails stay in the outbox');
  assert.equal(none.publicUrl, 'http://localhost:3000');
  assert.deepEqual([none.invitationDays, none.passwordResetMinutes, none.emailMaxAttempts], [7, 60, 8]);
  assert.deepEqual(loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.org:465', SMTP_FROM: 'no-reply@example.org' }).smtp, {
    url: 'smtps://u:p@mail.example.org:465',
    from: 'no-reply@example.org',
  });
  assert.deepEqual(loadConfig({ SMTP_HOST: 'mail.example.org', SMTP_USER: 'u', SMTP_PASSWORD: 'p', SMTP_FROM: 'no-reply@example.org' }).smtp, {
    host: 'mail.example.org',
    port: 587,
    secure: false,
    user: 'u',
    password: 'p',
    from: 'no-reply@example.org',
  });
  assert.equal((loadConfig({ SMTP_HOST: 'mail.example.org', SMTP_PORT: '465', SMTP_FROM: 'a@example.org' }).smtp as { secure: boolean }).secure, true);
  assert.throws(() => loadConfig({ SMTP_HOST: 'mail.example.org' }), /SMTP_FROM must be set/);
  assert.throws(() => loadConfig({ SMTP_USER: 'u', SMTP_PASSWORD: 'p' }), /need SMTP_HOST/);
  assert.throws(() => loadConfig({ SMTP_HOST: 'h', SMTP_URL: 'smtp://h', SMTP_FROM: 'a@example.org' }), /either SMTP_URL or SMTP_HOST/);
  assert.throws(() => loadConfig({ SMTP_HOST: 'h', SMTP_USER: 'u', SMTP_FROM: 'a@example.org' }), /go together/);
  assert.throws(() => loadConfig({ SMTP_URL: 'http://mail.example.org', SMTP_FROM: 'a@example.org' }), /SMTP_URL/);
  const production = { NODE_ENV: 'production', SESSION_SECRET: 'k'.repeat(40), SMTP_HOST: 'mail.example.org', SMTP_FROM: 'a@example.org' };
  assert.throws(() => loadConfig(production), /PUBLIC_URL must be set/);
  assert.equal(loadConfig({ ...production, PUBLIC_URL: 'https://steadfast.council.gov.uk/' }).publicUrl, 'https://steadfast.council.gov.uk');
});

test('documents: DOCUMENT_MAX_MB is 10 by default, a whole number from 1 to 100', () => {
  assert.equal(loadConfig({}).documentMaxMb, 10);
  assert.equal(loadConfig({ DOCUMENT_MAX_MB: '25' }).documentMaxMb, 25);
  for (const bad of ['0', '101', '2.5', 'ten']) assert.throws(() => loadConfig({ DOCUMENT_MAX_MB: bad }), /Setting DOCUMENT_MAX_MB is invalid/, bad);
});

test('single sign-on: the OIDC_* settings come together, over https, with the redirect derived from PUBLIC_URL', () => {
  assert.equal(loadConfig({}).oidc, null);
  const entra = {
    OIDC_ISSUER: 'https://login.microsoftonline.com/0000-tenant/v2.0',
    OIDC_CLIENT_ID: 'app-id',
    OIDC_CLIENT_SECRET: 'secret',
  };
  assert.deepEqual(loadConfig({ ...entra, PUBLIC_URL: 'https://steadfast.council.gov.uk/' }).oidc, {
    issuer: entra.OIDC_ISSUER,
    clientId: 'app-id',
    clientSecret: 'secret',
    redirectUrl: 'https://steadfast.council.gov.uk/sign-in/oidc/callback',
    name: "your organisation's account",
    linkByEmail: false,
  });
  const chosen = loadConfig({ ...entra, OIDC_REDIRECT_URL: 'https://sso.example.org/sign-in/oidc/callback', OIDC_NAME: 'Microsoft', OIDC_LINK_BY_EMAIL: 'true' }).oidc!;
  assert.deepEqual([chosen.redirectUrl, chosen.name, chosen.linkByEmail], ['https://sso.example.org/sign-in/oidc/callback', 'Microsoft', true]);
  assert.throws(() => loadConfig({ OIDC_ISSUER: entra.OIDC_ISSUER, OIDC_CLIENT_ID: 'app-id' }), /go together: set all three/);
  assert.throws(() => loadConfig({ OIDC_LINK_BY_EMAIL: 'true' }), /need OIDC_ISSUER/);
  assert.throws(() => loadConfig({ ...entra, OIDC_ISSUER: 'http://idp.example.org' }), /OIDC_ISSUER must be an https address/);
  assert.throws(() => loadConfig({ ...entra, OIDC_ISSUER: 'not a url' }), /Setting OIDC_ISSUER is invalid/);
  // A provider on this machine (the tests' own) may be plain http, but never in production.
  assert.equal(loadConfig({ ...entra, OIDC_ISSUER: 'http://127.0.0.1:4000' }).oidc?.issuer, 'http://127.0.0.1:4000');
  const production = { NODE_ENV: 'production', SESSION_SECRET: 'k'.repeat(40), ...entra };
  assert.throws(() => loadConfig({ ...production, OIDC_ISSUER: 'http://127.0.0.1:4000', PUBLIC_URL: 'https://s.example.org' }), /https address/);
  assert.throws(() => loadConfig(production), /Set PUBLIC_URL \(or OIDC_REDIRECT_URL\) in production/);
  assert.ok(loadConfig({ ...production, PUBLIC_URL: 'https://s.example.org' }).oidc);
});
