/**
 * A real OpenID Connect provider (oidc-provider) on a loopback port, standing
 * in for a council's Entra ID, Google Workspace or Okta. Its own login page
 * (the package's development interactions) takes any login as the person's
 * subject and any password. People's email addresses and whether they are
 * verified are set per subject with `account()`.
 *
 * `misbehave()` makes its next token response carry an ID token signed with
 * its own key but for another client (wrong audience): what a provider
 * shared by several services could hand the wrong one.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, decodeProtectedHeader, importJWK, SignJWT, type JWK } from 'jose';
import Provider from 'oidc-provider';

export const OIDC_CLIENT_ID = 'steadfast-test';
export const OIDC_CLIENT_SECRET = 'a-test-client-secret-that-is-long-enough-1234567890';

export interface Account {
  email?: string;
  emailVerified?: boolean;
  name?: string;
}

export interface TestProvider {
  issuer: string;
  /** Settings that point Steadfast at this provider. */
  settings(extra?: Record<string, string>): Record<string, string>;
  /** What the provider says about a subject (default: `<subject>@example.org`, verified). */
  account(subject: string, account: Account): void;
  /** The next token response's ID token is for another client. */
  misbehave(how: 'wrong-audience'): void;
  /**
   * Signs the subject in on the provider's own login page, as a browser
   * would, from the authorisation URL Steadfast sent the browser to; returns
   * the address the provider sends the browser back to (the callback).
   */
  authorize(authorizationUrl: string, subject: string): Promise<URL>;
  close(): Promise<void>;
}

export interface ProviderOptions {
  /** Where the provider may send browsers back to (the client's registered redirect URI). */
  redirectUri: string;
  /** ID token lifetime in seconds (the provider's own clock). */
  idTokenSeconds?: number;
}

export async function startTestProvider(options: ProviderOptions): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingJwk = { ...(privateKey.export({ format: 'jwk' }) as JWK), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const accounts = new Map<string, Account>();
  let misbehaviour: 'wrong-audience' | null = null;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT_ID,
        client_secret: OIDC_CLIENT_SECRET,
        redirect_uris: [options.redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [signingJwk] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    ttl: { IdToken: options.idTokenSeconds ?? 3600, AccessToken: 3600, AuthorizationCode: 600, Grant: 3600, Interaction: 600, Session: 3600 },
    async findAccount(_ctx: unknown, subject: string) {
      const account = accounts.get(subject) ?? {};
      return {
        accountId: subject,
        async claims() {
          return {
            sub: subject,
            email: account.email ?? `${subject}@example.org`,
            email_verified: account.emailVerified ?? true,
            name: account.name ?? subject,
          };
        },
      };
    },
    // Steadfast is the council's own service: consent is given by the council, not asked of each person.
    async loadExistingGrant(ctx: { oidc: { client: { clientId: string }; session: { accountId: string; grantIdFor(id: string): string | undefined } } }) {
      const existing = ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (existing) {
        const grant = await provider.Grant.find(existing);
        if (grant) return grant;
      }
      const grant = new provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });

  const key = await importJWK(signingJwk, 'RS256');
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (ctx.path === '/token' && ctx.method === 'POST' && misbehaviour && body?.id_token) {
      misbehaviour = null;
      const claims = decodeJwt(body.id_token);
      const header = decodeProtectedHeader(body.id_token);
      const forAnother = await new SignJWT({ ...claims, aud: 'another-service', azp: 'another-service' })
        .setProtectedHeader({ alg: 'RS256', kid: header.kid ?? 'test-key' })
        .sign(key);
      ctx.body = { ...body, id_token: forAnother };
    }
  });
  server.on('request', provider.callback());

  return {
    issuer,
    settings: (extra = {}) => ({
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID,
      OIDC_CLIENT_SECRET,
      OIDC_REDIRECT_URL: options.redirectUri,
      OIDC_NAME: 'Test Council account',
      ...extra,
    }),
    account: (subject, account) => void accounts.set(subject, account),
    misbehave: (how) => void (misbehaviour = how),
    authorize: (authorizationUrl, subject) => signInAtProvider(authorizationUrl, subject, options.redirectUri),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Follows the provider's redirects and fills in its login form, with a cookie jar, until it sends the browser back. */
async function signInAtProvider(authorizationUrl: string, subject: string, redirectUri: string): Promise<URL> {
  const jar = new Map<string, string>();
  const send = async (url: URL, init: RequestInit = {}) => {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string> | undefined), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    return response;
  };
  let url = new URL(authorizationUrl);
  for (let step = 0; step < 10; step++) {
    const response = await send(url);
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (next.href.startsWith(redirectUri)) return next;
      url = next;
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (response.status !== 200 || !action || !prompt) throw new Error(`the provider answered ${response.status}: ${html.slice(0, 300)}`);
    const form = new URLSearchParams(prompt === 'login' ? { prompt, login: subject, password: 'any password' } : { prompt });
    const submitted = await send(new URL(action.replace(/&amp;/g, '&'), url), {
      method: 'POST',
      body: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const after = submitted.headers.get('location');
    if (!after) throw new Error(`the provider's form answered ${submitted.status}: ${(await submitted.text()).slice(0, 300)}`);
    const next = new URL(after, url);
    if (next.href.startsWith(redirectUri)) return next;
    url = next;
  }
  throw new Error('the provider did not send the browser back');
}
