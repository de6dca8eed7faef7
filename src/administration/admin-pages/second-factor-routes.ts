// Which roles must sign in with an authenticator app.
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../db/schema.ts';
import { ROLE_LABELS } from '../../platform/access/roles.ts';
import { rolesRequiringSecondFactor } from '../../platform/auth/second-factor-store.ts';
import type { Body } from '../../platform/http/forms.ts';
import { requireSecondFactorFor } from '../people/second-factor.ts';
import { VIEWS, type AdminPageDeps } from './person-page.ts';

const ROLES = Object.keys(ROLE_LABELS) as Role[];

/**
 * /admin/second-factor: the roles whose people must type a code from an
 * authenticator app after their password. Someone in such a role without one
 * sets it up at their next sign-in, before anything else.
 */
export async function secondFactorRoutes(app: FastifyInstance, deps: AdminPageDeps) {
  const { db, adminOnly } = deps;

  app.get<{ Querystring: { done?: string } }>('/admin/second-factor', adminOnly, async (request, reply) => {
    const required = await rolesRequiringSecondFactor(db);
    return reply.render(`${VIEWS}/second-factor.njk`, {
      title: 'Authenticator apps',
      roles: ROLES.map((role) => ({ value: role, text: ROLE_LABELS[role], checked: required.includes(role) })),
      done: request.query.done === 'saved',
    });
  });

  app.post('/admin/second-factor', adminOnly, async (request, reply) => {
    const sent = (request.body as Body | undefined)?.roles;
    const chosen = (Array.isArray(sent) ? sent : sent === undefined ? [] : [sent]).filter((r): r is Role => typeof r === 'string' && ROLES.includes(r as Role));
    await requireSecondFactorFor(db, chosen, request.auditContext());
    return reply.redirect('/admin/second-factor?done=saved', 303);
  });
}
