import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type nunjucks from 'nunjucks';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit, type AuditContext } from '../audit/audit.ts';
import { navigationFor, ROLE_LABELS } from '../access/roles.ts';
import type { Clock } from '../clock/clock.ts';
import { resumeSession, type CurrentUser } from '../auth/sessions.ts';
import { csrfTokenFor, randomToken, sameToken } from '../auth/tokens.ts';
import { Forbidden, HttpError } from './errors.ts';
import { refuseUnstorableInput } from './input-guard.ts';
import type { Role, SessionStage } from '../../db/schema.ts';

export const SESSION_COOKIE = 'steadfast_session';
const BROWSER_COOKIE = 'steadfast_browser';

declare module 'fastify' {
  interface FastifyRequest {
    user: CurrentUser | null;
    sessionToken: string | undefined;
    sessionExpired: boolean;
    /** Set when the password was right but a one-time code, or setting up the app, is still awaited. */
    awaiting: { stage: SessionStage; user: CurrentUser } | null;
    unreadNotifications: number;
    csrfToken: string;
    /** Whether a denial has been audited for this request. */
    denialAudited: boolean;
    auditContext(): AuditContext;
  }
  interface FastifyReply {
    render(template: string, data?: Record<string, unknown>): FastifyReply;
  }
}

export interface WebDeps {
  config: Config;
  db: Db;
  clock: Clock;
  views: nunjucks.Environment;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function cookieOptions(config: Config) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.production };
}

/**
 * Sessions, the input guard, CSRF and page rendering for every request. CSRF is always on,
 * in tests too: a state-changing request without the right token is refused
 * before any route runs.
 */
export const webPlugin = fp(async (app: FastifyInstance, deps: WebDeps) => {
  const { config, db, clock, views } = deps;

  app.decorateRequest('user', null);
  app.decorateRequest('sessionToken', undefined);
  app.decorateRequest('sessionExpired', false);
  app.decorateRequest('awaiting', null);
  app.decorateRequest('unreadNotifications', 0);
  app.decorateRequest('csrfToken', '');
  app.decorateRequest('denialAudited', false);
  app.decorateRequest('auditContext', function (this: FastifyRequest): AuditContext {
    return {
      actorUserId: this.user?.id ?? this.awaiting?.user.id ?? null,
      actorEmail: this.user?.email ?? this.awaiting?.user.email ?? null,
      requestId: this.id,
      ip: this.ip,
      at: clock.now(),
      noteDenial: () => {
        this.denialAudited = true;
      },
    };
  });
  app.decorateReply('render', function (this: FastifyReply, template: string, data: Record<string, unknown> = {}) {
    const request = this.request;
    const user = request.user;
    const html = views.render(template, {
      app: { serviceName: config.serviceName, councilName: config.councilName },
      currentUser: user ? { ...user, roleLabel: ROLE_LABELS[user.role], unreadNotifications: request.unreadNotifications } : null,
      navigation: user
        ? navigationFor(user.role, { returnsAdministrator: user.returnsAdministrator }).map((item) => ({ ...item, active: [item.href, ...(item.items ?? []).map((page) => page.href), ...(item.within ?? [])].some((href) => isActive(href, request.url)) }))
        : [],
      csrfToken: request.csrfToken,
      cspNonce: this.cspNonce?.script,
      ...data,
    });
    return this.type('text/html; charset=utf-8').send(html);
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/assets/')) return;
    let browserValue = request.cookies[BROWSER_COOKIE];
    if (!browserValue || browserValue.length < 20) {
      browserValue = randomToken();
      reply.setCookie(BROWSER_COOKIE, browserValue, cookieOptions(config));
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      // The count in the header, on the pages people read: read with the session, in the same query.
      const session = await resumeSession(
        db,
        token,
        clock.now(),
        { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours },
        { withUnreadCount: request.method === 'GET' },
      );
      if (session.status === 'active') {
        request.user = session.user;
        request.sessionToken = token;
        request.unreadNotifications = session.unreadNotifications ?? 0;
      } else if (session.status === 'awaiting') {
        // The password was right; the person is not signed in until the second step is done.
        request.awaiting = { stage: session.stage, user: session.user };
        request.sessionToken = token;
      } else {
        request.sessionExpired = session.status === 'expired';
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
      }
    }
    request.csrfToken = csrfTokenFor(config.sessionSecret, browserValue, request.sessionToken);
    // Signed-in pages hold children's records: never keep them in a cache.
    reply.header('Cache-Control', 'no-store');
  });

  // Before CSRF and every route's own checks: text that cannot be stored is refused outright.
  app.addHook('preValidation', refuseUnstorableInput);

  app.addHook('preHandler', async (request) => {
    if (!STATE_CHANGING.has(request.method)) return;
    const body = request.body as Record<string, unknown> | undefined;
    const sent = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? request.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !sameToken(sent, request.csrfToken)) {
      await recordAudit(db, request.auditContext(), {
        action: 'csrf.check',
        outcome: 'denied',
        subjectType: 'route',
        subjectId: `${request.method} ${request.routeOptions.url ?? request.url}`,
        reason: 'missing or invalid CSRF token',
      });
      throw new HttpError(403, 'The form you sent was out of date or did not come from this service. Go back, reload the page and try again.');
    }
  });
});

function isActive(href: string, url: string): boolean {
  const path = url.split('?')[0]!;
  return href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`);
}

/** Where someone whose password was right goes next, by what their session awaits. */
export const SECOND_STEP_PAGES: Readonly<Record<SessionStage, string>> = {
  'second-factor': '/sign-in/code',
  enrol: '/sign-in/set-up-code',
};

/** Signed-in users only; anyone else is sent to the sign-in page (or, halfway through signing in, to the next step). */
export async function requireSignedIn(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!request.user) {
    if (request.awaiting && request.method === 'GET') {
      await reply.redirect(SECOND_STEP_PAGES[request.awaiting.stage]);
      return;
    }
    const query = request.sessionExpired ? '?expired=1' : '';
    if (request.method === 'GET') {
      await reply.redirect(`/sign-in${query}`);
      return;
    }
    throw new HttpError(401, 'Your session has ended. Sign in again.');
  }
}

/**
 * A function only some roles may use: others get 403, and the refusal is audited.
 */
export function requireRole(db: Db, ...roles: Role[]) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    await requireSignedIn(request, reply);
    if (reply.sent) return;
    if (!roles.includes(request.user!.role)) {
      await recordAudit(db, request.auditContext(), {
        action: 'route.access',
        outcome: 'denied',
        subjectType: 'route',
        subjectId: `${request.method} ${request.routeOptions.url ?? request.url}`,
        reason: `role ${request.user!.role} may not use this function`,
      });
      throw new Forbidden();
    }
  };
}
