import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import type { TokenLookup, TokenPurpose } from '../../platform/auth/account-tokens.ts';
import { PASSWORD_MIN_LENGTH } from '../../platform/auth/passwords.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { formComplete, readForm, sentText, type Body } from '../../platform/http/forms.ts';
import { checkLink, choosePassword, requestPasswordReset } from './service.ts';

const VIEWS = 'session/account/views';

/** The two links that let a person choose a password, and what each page says. */
const LINKS: Record<TokenPurpose, { path: string; title: string; button: string; lifetime: (config: Config) => string; again: string }> = {
  invitation: {
    path: '/account/invitation',
    title: 'Choose your password',
    button: 'Save password',
    lifetime: (config) => `Invitation links work for ${config.invitationDays} ${config.invitationDays === 1 ? 'day' : 'days'}.`,
    again: 'Ask your system administrator to send you a new invitation.',
  },
  reset: {
    path: '/account/reset-password',
    title: 'Choose a new password',
    button: 'Save new password',
    lifetime: (config) => `Reset links work for ${config.passwordResetMinutes} minutes.`,
    again: 'You can ask for a new link from the sign-in page.',
  },
};

const forgottenForm = z.object({
  email: z
    .string({ error: 'Enter your email address' })
    .trim()
    .min(1, 'Enter your email address')
    .max(254, 'Email address must be 254 characters or fewer')
    .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Enter an email address in the correct format, like name@example.org'),
});

/**
 * /account/invitation and /account/reset-password (the single-use links in
 * emails), and /account/forgotten-password. Open to anyone: the link is the
 * key. The token stays out of the logs (app.ts redacts it).
 */
export async function accountRoutes(app: FastifyInstance, deps: { config: Config; db: Db; clock: Clock }) {
  const { config, db, clock } = deps;

  function linkProblem(reply: FastifyReply, purpose: TokenPurpose, status: Exclude<TokenLookup['status'], 'usable'>) {
    const link = LINKS[purpose];
    return reply.code(status === 'unknown' ? 404 : 410).render(`${VIEWS}/link-problem.njk`, {
      title: status === 'expired' ? 'This link has expired' : status === 'used' ? 'This link has already been used' : 'This link does not work',
      status,
      purpose,
      lifetime: link.lifetime(config),
      again: link.again,
    });
  }

  for (const purpose of ['invitation', 'reset'] as const) {
    const link = LINKS[purpose];
    app.get<{ Querystring: { token?: string } }>(link.path, async (request, reply) => {
      const token = sentText(request.query.token);
      const found = await checkLink(db, purpose, token, clock.now());
      if (found.status !== 'usable') return linkProblem(reply, purpose, found.status);
      return reply.render(`${VIEWS}/choose-password.njk`, { title: link.title, button: link.button, action: link.path, token, email: found.email, passwordMinLength: PASSWORD_MIN_LENGTH, purpose });
    });

    app.post(link.path, { config: { rateLimit: { max: config.signInRatePerMinute, timeWindow: '1 minute' } } }, async (request, reply) => {
      const body = (request.body ?? {}) as Body;
      const token = sentText(body.token);
      const result = await choosePassword(
        db,
        purpose,
        { token, password: sentText(body.password).slice(0, 1024), confirm: sentText(body.confirm).slice(0, 1024) },
        request.auditContext(),
      );
      if (result.outcome === 'link') return linkProblem(reply, purpose, result.status);
      if (result.outcome === 'refused') {
        return reply.code(400).render(`${VIEWS}/choose-password.njk`, {
          title: link.title,
          button: link.button,
          action: link.path,
          token,
          email: result.email,
          passwordMinLength: PASSWORD_MIN_LENGTH,
          purpose,
          errors: result.errors,
        });
      }
      return reply.redirect(`/sign-in?passwordSet=1`, 303);
    });
  }

  app.get('/account/forgotten-password', async (_request, reply) => {
    return reply.render(`${VIEWS}/forgotten-password.njk`, { title: 'Reset your password' });
  });

  app.post(
    '/account/forgotten-password',
    { config: { rateLimit: { max: config.signInRatePerMinute, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const form = readForm(forgottenForm, request.body);
      if (!formComplete(form)) {
        const email = sentText((request.body as Body | undefined)?.email).slice(0, 254);
        return reply.code(400).render(`${VIEWS}/forgotten-password.njk`, { title: 'Reset your password', errors: form.errors, values: { email } });
      }
      await requestPasswordReset(db, config, form.values.email, request.auditContext());
      // The same answer whether or not the address is an account's.
      return reply.redirect('/account/forgotten-password/sent', 303);
    },
  );

  app.get('/account/forgotten-password/sent', async (_request, reply) => {
    return reply.render(`${VIEWS}/reset-sent.njk`, { title: 'Check your email', minutes: config.passwordResetMinutes });
  });
}
