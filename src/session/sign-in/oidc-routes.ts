// /sign-in/oidc: signing in through the council's identity provider (OpenID Connect).
import type { FastifyInstance } from 'fastify';
import type { Config, OidcSettings } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { OidcRefusal, oidcClient } from '../../platform/auth/oidc.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { cookieOptions, SESSION_COOKIE } from '../../platform/http/web.ts';
import { beginOidcSignIn, completeOidcSignIn, OIDC_ATTEMPT_MINUTES, type OidcRefusalKind } from './oidc-service.ts';

/** The browser's half of a sign-in under way: a random value whose hash keys the state, nonce and PKCE verifier kept on the server. */
export const OIDC_COOKIE = 'steadfast_oidc';
const COOKIE_PATH = '/sign-in/oidc';

const REFUSED_STATUS: Record<OidcRefusalKind, number> = { failed: 400, unknown: 403, ended: 403 };

export async function oidcSignInRoutes(app: FastifyInstance, deps: { config: Config; db: Db; clock: Clock; oidc: OidcSettings }) {
  const { config, db, clock, oidc: settings } = deps;
  const client = oidcClient(settings, clock);
  const attemptCookie = { ...cookieOptions(config), path: COOKIE_PATH, maxAge: OIDC_ATTEMPT_MINUTES * 60 };

  app.get('/sign-in/oidc', async (request, reply) => {
    if (request.user) return reply.redirect('/');
    try {
      const { browserValue, url } = await beginOidcSignIn(db, client, clock.now(), request.cookies[OIDC_COOKIE]);
      reply.setCookie(OIDC_COOKIE, browserValue, attemptCookie);
      return reply.redirect(url.href, 303);
    } catch (error) {
      if (!(error instanceof OidcRefusal)) throw error;
      request.log.error({ reason: error.reason }, 'the identity provider could not be reached');
      await recordAudit(db, request.auditContext(), { action: 'sign-in.oidc', outcome: 'failed', reason: error.reason });
      return reply.code(503).render('session/sign-in/views/oidc-unavailable.njk', { title: 'Sign-in is not available', providerName: settings.name });
    }
  });

  app.get('/sign-in/oidc/callback', async (request, reply) => {
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    const result = await completeOidcSignIn(
      db,
      settings,
      client,
      { browserValue: request.cookies[OIDC_COOKIE], query, previousSessionToken: request.sessionToken },
      request.auditContext(),
    );
    reply.clearCookie(OIDC_COOKIE, { path: COOKIE_PATH });
    if (result.outcome === 'signed-in') {
      reply.setCookie(SESSION_COOKIE, result.sessionToken, cookieOptions(config));
      return reply.redirect('/', 303);
    }
    return reply.code(REFUSED_STATUS[result.kind]).render('session/sign-in/views/oidc-refused.njk', {
      title: result.kind === 'failed' ? 'Sign-in did not complete' : 'You cannot sign in to this service',
      kind: result.kind,
      providerName: settings.name,
    });
  });
}
