// The OpenID Connect protocol with the council's identity provider, through
// openid-client (a certified relying party library): discovery, the
// authorisation request with PKCE, state and nonce, and the checked code
// exchange (issuer, audience, signature from the provider's JWKS, expiry,
// nonce). Who the person is in Steadfast is decided by the caller.
import * as client from 'openid-client';
import type { OidcSettings } from '../../config.ts';
import type { Clock } from '../clock/clock.ts';

/** What the browser must bring back: kept server-side, keyed by the browser's cookie. */
export interface OidcChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The verified claims of an ID token the service relies on. */
export interface OidcClaims {
  issuer: string;
  subject: string;
  /** Present only when the provider says the address is verified. */
  verifiedEmail: string | null;
  /** Any email address the provider gave, verified or not (for the audit log). */
  email: string | null;
}

export class OidcRefusal extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export interface OidcClient {
  /** The address to send the browser to, and the checks to keep for its return. */
  start(): Promise<{ url: URL; checks: OidcChecks }>;
  /** Exchanges the code in the callback's query and checks the ID token; throws OidcRefusal with the reason. */
  finish(callbackQuery: string, checks: OidcChecks): Promise<OidcClaims>;
}

const SCOPE = 'openid email profile';

/**
 * A client for the provider in the settings. The provider's metadata is
 * discovered on first use (and again after a failure); its signing keys are
 * fetched from its JWKS and cached by openid-client. Token times are checked
 * against the service's clock, so a fake clock in tests moves them too.
 */
export function oidcClient(settings: OidcSettings, clock: Clock): OidcClient {
  let discovered: Promise<client.Configuration> | undefined;
  let jwksCache: ReturnType<typeof client.getJwksCache>;

  const loopbackHttp = new URL(settings.issuer).protocol === 'http:';

  function discover(): Promise<client.Configuration> {
    discovered ??= client
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, {
        ...(loopbackHttp ? { execute: [client.allowInsecureRequests] } : {}),
      })
      .catch((error: unknown) => {
        discovered = undefined;
        throw new OidcRefusal(`the identity provider's discovery document could not be read (${describe(error)})`);
      });
    return discovered;
  }

  /** A configuration for one exchange, its clock set to the service's. */
  async function configuration(): Promise<client.Configuration> {
    const base = await discover();
    const skewSeconds = Math.round((clock.now().getTime() - Date.now()) / 1000);
    const config = new client.Configuration(
      base.serverMetadata(),
      settings.clientId,
      { client_secret: settings.clientSecret, [client.clockSkew]: skewSeconds },
      client.ClientSecretPost(settings.clientSecret),
    );
    if (loopbackHttp) client.allowInsecureRequests(config);
    if (jwksCache) client.setJwksCache(config, jwksCache);
    return config;
  }

  return {
    async start() {
      const config = await discover();
      const checks: OidcChecks = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        codeVerifier: client.randomPKCECodeVerifier(),
      };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUrl,
        scope: SCOPE,
        response_type: 'code',
        state: checks.state,
        nonce: checks.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url, checks };
    },

    async finish(callbackQuery, checks) {
      const config = await configuration();
      const currentUrl = new URL(settings.redirectUrl);
      currentUrl.search = callbackQuery;
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(config, currentUrl, {
          pkceCodeVerifier: checks.codeVerifier,
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        throw new OidcRefusal(`the provider's answer was refused: ${describe(error)}`);
      } finally {
        jwksCache = client.getJwksCache(config) ?? jwksCache;
      }
      const claims = tokens.claims();
      if (!claims) throw new OidcRefusal('the provider sent no ID token');
      let email = typeof claims.email === 'string' ? claims.email : null;
      // Entra ID says a verified address with its optional claim xms_edov rather than email_verified.
      let verified = claims.email_verified === true || claims.xms_edov === true;
      // Some providers give the address only from the userinfo endpoint (or only there say it is verified).
      if ((!email || !verified) && config.serverMetadata().userinfo_endpoint) {
        try {
          const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
          if (typeof info.email === 'string') {
            email = info.email;
            verified = info.email_verified === true;
          }
        } catch {
          // No more than the ID token: the person is matched by subject, or refused.
        }
      }
      return {
        issuer: claims.iss,
        subject: claims.sub,
        email: email ? email.slice(0, 254) : null,
        verifiedEmail: email && verified ? email.trim().toLowerCase().slice(0, 254) : null,
      };
    },
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const oauthError = (error as { error?: unknown }).error;
    // Its cause names the check that failed (the aud, exp, iss or nonce claim…).
    const cause = (error as { cause?: unknown }).cause;
    const causeMessage = cause instanceof Error ? cause.message : null;
    return [error.message, causeMessage, typeof oauthError === 'string' ? oauthError : null, typeof code === 'string' ? code : null]
      .filter(Boolean)
      .join('; ')
      .slice(0, 400);
  }
  return String(error).slice(0, 400);
}
