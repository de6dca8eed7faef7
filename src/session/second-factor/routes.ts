import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import type { SessionStage } from '../../db/schema.ts';
import { secondFactorState } from '../../platform/auth/second-factor-store.ts';
import { sentText, type Body } from '../../platform/http/forms.ts';
import { cookieOptions, requireSignedIn, SECOND_STEP_PAGES, SESSION_COOKIE } from '../../platform/http/web.ts';
import { confirmSetUp, renewRecoveryCodes, setUpView, signInWithCode, signInWithRecoveryCode, turnOff, type CodeResult } from './service.ts';

const VIEWS = 'session/second-factor/views';

/**
 * The second step of signing in (/sign-in/code, /sign-in/recovery-code,
 * /sign-in/set-up-code), open only to a session whose password was right,
 * and a signed-in person's own page about it (/account/security).
 */
export async function secondFactorRoutes(app: FastifyInstance, deps: { config: Config; db: Db }) {
  const { config, db } = deps;
  const limited = { config: { rateLimit: { max: config.signInRatePerMinute, timeWindow: '1 minute' } } };

  /** The session awaiting this step, or a redirect to where its holder belongs. */
  function awaiting(request: FastifyRequest, reply: FastifyReply, stage: SessionStage) {
    if (request.awaiting?.stage === stage) return request.awaiting.user;
    void reply.redirect(request.user ? '/' : request.awaiting ? SECOND_STEP_PAGES[request.awaiting.stage] : '/sign-in', 303);
    return null;
  }

  function afterCode(reply: FastifyReply, result: CodeResult, again: () => FastifyReply | Promise<FastifyReply>): FastifyReply | Promise<FastifyReply> {
    if (result.outcome === 'ended') {
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(401).render(`${VIEWS}/ended.njk`, { title: 'Too many wrong codes' });
    }
    if (result.outcome === 'wrong') return again();
    reply.setCookie(SESSION_COOKIE, result.sessionToken, cookieOptions(config));
    if (result.recoveryCodes) {
      return reply.render(`${VIEWS}/recovery-codes.njk`, { title: 'Your recovery codes', recoveryCodes: result.recoveryCodes, next: '/' });
    }
    return reply.redirect('/', 303);
  }

  for (const recovery of [false, true]) {
    const path = recovery ? '/sign-in/recovery-code' : '/sign-in/code';
    const title = recovery ? 'Use a recovery code' : 'Enter the code from your authenticator app';
    app.get(path, async (request, reply) => {
      if (!awaiting(request, reply, 'second-factor')) return reply;
      return reply.render(`${VIEWS}/code.njk`, { title, recovery });
    });
    app.post(path, limited, async (request, reply) => {
      const user = awaiting(request, reply, 'second-factor');
      if (!user) return reply;
      const typed = sentText((request.body as Body | undefined)?.code).slice(0, 64);
      const signIn = recovery ? signInWithRecoveryCode : signInWithCode;
      const result = await signIn(db, request.sessionToken!, user.id, typed, request.auditContext());
      return afterCode(reply, result, () => reply.code(400).render(`${VIEWS}/code.njk`, { title, recovery, errors: { code: (result as { error: string }).error } }));
    });
  }

  const setUpPage = async (request: FastifyRequest, reply: FastifyReply, user: { id: string; email: string }, signingIn: boolean, errors?: Record<string, string>) => {
    const view = await setUpView(db, user.id, user.email, config.councilName);
    const required = (await secondFactorState(db, user.id)).requiredForRole;
    return reply.render(`${VIEWS}/set-up.njk`, {
      title: 'Set up an authenticator app',
      ...view,
      required,
      signingIn,
      action: signingIn ? '/sign-in/set-up-code' : '/account/security/set-up',
      errors,
    });
  };

  app.get('/sign-in/set-up-code', async (request, reply) => {
    const user = awaiting(request, reply, 'enrol');
    if (!user) return reply;
    return setUpPage(request, reply, user, true);
  });
  app.post('/sign-in/set-up-code', limited, async (request, reply) => {
    const user = awaiting(request, reply, 'enrol');
    if (!user) return reply;
    const typed = sentText((request.body as Body | undefined)?.code).slice(0, 64);
    const result = await confirmSetUp(db, user.id, typed, request.auditContext(), { sessionToken: request.sessionToken! });
    return afterCode(reply, result, () => setUpPage(request, reply.code(400), user, true, { code: (result as { error: string }).error }));
  });

  app.get<{ Querystring: { done?: string } }>('/account/security', { preHandler: requireSignedIn }, async (request, reply) => {
    const state = await secondFactorState(db, request.user!.id);
    return reply.render(`${VIEWS}/security.njk`, { title: 'Signing in', state, done: request.query.done });
  });

  app.get('/account/security/set-up', { preHandler: requireSignedIn }, async (request, reply) => {
    if ((await secondFactorState(db, request.user!.id)).confirmed) return reply.redirect('/account/security', 303);
    return setUpPage(request, reply, request.user!, false);
  });
  app.post('/account/security/set-up', { preHandler: requireSignedIn, ...limited }, async (request, reply) => {
    const user = request.user!;
    if ((await secondFactorState(db, user.id)).confirmed) return reply.redirect('/account/security', 303);
    const typed = sentText((request.body as Body | undefined)?.code).slice(0, 64);
    const result = await confirmSetUp(db, user.id, typed, request.auditContext(), null);
    if (result.outcome !== 'signed-in') return setUpPage(request, reply.code(400), user, false, { code: (result as { error: string }).error });
    return reply.render(`${VIEWS}/recovery-codes.njk`, { title: 'Your recovery codes', recoveryCodes: result.recoveryCodes, next: '/account/security' });
  });

  const securityRefused = async (request: FastifyRequest, reply: FastifyReply, field: string, error: string) => {
    const state = await secondFactorState(db, request.user!.id);
    return reply.code(400).render(`${VIEWS}/security.njk`, { title: 'Signing in', state, errors: { [field]: error } });
  };

  app.post('/account/security/recovery-codes', { preHandler: requireSignedIn, ...limited }, async (request, reply) => {
    const typed = sentText((request.body as Body | undefined)?.code).slice(0, 64);
    const result = await renewRecoveryCodes(db, request.user!.id, typed, request.auditContext());
    if (result.outcome === 'refused') return securityRefused(request, reply, 'renew-code', result.error);
    return reply.render(`${VIEWS}/recovery-codes.njk`, { title: 'Your new recovery codes', recoveryCodes: result.recoveryCodes, next: '/account/security', replaced: true });
  });

  app.post('/account/security/turn-off', { preHandler: requireSignedIn, ...limited }, async (request, reply) => {
    const typed = sentText((request.body as Body | undefined)?.code).slice(0, 64);
    const result = await turnOff(db, request.user!.id, typed, request.auditContext());
    if (result.outcome === 'refused') return securityRefused(request, reply, 'off-code', result.error);
    return reply.redirect('/account/security?done=off', 303);
  });
}
