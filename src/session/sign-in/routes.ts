import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { formComplete, readForm, sentText, type Body } from '../../platform/http/forms.ts';
import { cookieOptions, SECOND_STEP_PAGES, SESSION_COOKIE } from '../../platform/http/web.ts';
import { signIn, signOut } from './service.ts';

const signInForm = z.object({
  email: z.string().trim().min(1, 'Enter your email address').max(254, 'Email address must be 254 characters or fewer'),
  password: z.string().min(1, 'Enter your password').max(1024, 'Password is too long'),
});

const TEMPLATE = 'session/sign-in/views/sign-in.njk';

export async function signInRoutes(app: FastifyInstance, deps: { config: Config; db: Db; clock: Clock }) {
  const { config, db } = deps;

  app.get<{ Querystring: { expired?: string; signedOut?: string; passwordSet?: string } }>('/sign-in', async (request, reply) => {
    if (request.user) return reply.redirect('/');
    if (request.awaiting) return reply.redirect(SECOND_STEP_PAGES[request.awaiting.stage]);
    return reply.render(TEMPLATE, {
      title: 'Sign in',
      expired: request.query.expired === '1',
      signedOut: request.query.signedOut === '1',
      passwordSet: request.query.passwordSet === '1',
      demo: config.demo,
      oidcName: config.oidc?.name,
    });
  });

  app.post(
    '/sign-in',
    { config: { rateLimit: { max: config.signInRatePerMinute, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const form = readForm(signInForm, request.body);
      if (!formComplete(form)) {
        const email = sentText((request.body as Body | undefined)?.email);
        return reply.code(400).render(TEMPLATE, { title: 'Sign in', errors: form.errors, values: { email }, demo: config.demo, oidcName: config.oidc?.name });
      }
      const result = await signIn(
        db,
        config,
        { ...form.values, previousSessionToken: request.sessionToken },
        request.auditContext(),
      );
      if (result.outcome === 'signed-in') {
        reply.setCookie(SESSION_COOKIE, result.sessionToken, cookieOptions(config));
        return reply.redirect(result.awaiting ? SECOND_STEP_PAGES[result.awaiting] : '/', 303);
      }
      // The same answer for an unknown email address, a wrong password and an
      // attempt made to wait, so it never tells whether an account exists.
      const wait = result.waitSeconds === null ? '' : `. There were too many unsuccessful attempts: wait ${waitText(result.waitSeconds)} and try again`;
      return reply.code(401).render(TEMPLATE, {
        title: 'Sign in',
        errors: { email: `Enter a correct email address and password${wait}` },
        values: { email: form.values.email },
        demo: config.demo,
        oidcName: config.oidc?.name,
      });
    },
  );

  // Open halfway through signing in too, so someone asked for a code can stop.
  app.post('/sign-out', async (request, reply) => {
    if (!request.sessionToken) return reply.redirect('/sign-in', 303);
    await signOut(db, request.sessionToken, request.auditContext());
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/sign-in?signedOut=1', 303);
  });
}

function waitText(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
