// A person's account: disabling, enabling and unlocking it, and their invitation.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import { resendInvitation, revokeInvitation } from '../people/invitations.ts';
import { resetSecondFactor } from '../people/second-factor.ts';
import { unlinkIdentity } from '../people/identities.ts';
import { changeReturnsAdministrator, disablePerson, enablePerson, unlockPerson } from '../people/service.ts';
import { personOr404, renderPerson, type AdminPageDeps } from './person-page.ts';

/**
 * /admin/users/:id/{disable,enable,unlock,grant-returns-administrator,withdraw-returns-administrator,invite,
 * revoke-invitation,reset-second-factor,unlink-identity}: whether and how the person can sign in, and the
 * returns administrator permission. No administrator sets or reads a password: a person
 * chooses their own through an invitation or a reset link.
 */
export async function accountRoutes(app: FastifyInstance, deps: AdminPageDeps) {
  const { db, adminOnly, config } = deps;

  const accountActions = {
    disable: { run: disablePerson, done: 'disabled' },
    enable: { run: enablePerson, done: 'enabled' },
    unlock: { run: unlockPerson, done: 'unlocked' },
    'grant-returns-administrator': { run: (database: Db, id: string, context: AuditContext) => changeReturnsAdministrator(database, id, true, context), done: 'returns-administrator-granted' },
    'withdraw-returns-administrator': { run: (database: Db, id: string, context: AuditContext) => changeReturnsAdministrator(database, id, false, context), done: 'returns-administrator-withdrawn' },
  } as const;
  for (const [action, { run, done }] of Object.entries(accountActions)) {
    app.post<{ Params: { id: string } }>(`/admin/users/:id/${action}`, adminOnly, async (request, reply) => {
      const person = await personOr404(db, request.params.id);
      const result = await run(db, person.id, request.auditContext());
      if (!result.ok) return renderPerson(deps, request, reply.code(400), person, { errors: { [action]: result.message } });
      return reply.redirect(`/admin/users/${person.id}?done=${result.changed ? done : 'unchanged'}`, 303);
    });
  }

  const invitationActions = {
    invite: { run: (id: string, context: AuditContext) => resendInvitation(db, config, id, context), done: 'invited' },
    'revoke-invitation': { run: (id: string, context: AuditContext) => revokeInvitation(db, id, context), done: 'revoked' },
    'reset-second-factor': { run: (id: string, context: AuditContext) => resetSecondFactor(db, id, context), done: 'second-factor-reset' },
    'unlink-identity': { run: (id: string, context: AuditContext) => unlinkIdentity(db, id, context), done: 'identity-unlinked' },
  } as const;
  for (const [action, { run, done }] of Object.entries(invitationActions)) {
    app.post<{ Params: { id: string } }>(`/admin/users/:id/${action}`, adminOnly, async (request, reply) => {
      const person = await personOr404(db, request.params.id);
      const result = await run(person.id, request.auditContext());
      if (!result.ok) return renderPerson(deps, request, reply.code(400), person, { errors: { [action]: result.message } });
      return reply.redirect(`/admin/users/${person.id}?done=${done}`, 303);
    });
  }
}
