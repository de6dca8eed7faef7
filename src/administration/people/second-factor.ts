// A person's second factor, as a system administrator handles it: resetting
// a lost authenticator app, and which roles must use one.
import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { clearSecondFactor, rolesRequiringSecondFactor, secondFactorState, setRolesRequiringSecondFactor } from '../../platform/auth/second-factor-store.ts';
import { NotFound } from '../../platform/http/errors.ts';
import type { InvitationChange } from './invitations.ts';
import { findPerson } from './queries.ts';

/**
 * Resets a person's authenticator app (a lost or changed phone): the app and
 * their recovery codes stop working and they are signed out everywhere. If
 * their role requires one, they set it up again at their next sign-in.
 */
export async function resetSecondFactor(db: Db, id: string, context: AuditContext): Promise<InvitationChange> {
  return db.transaction().execute(async (trx) => {
    const person = await findPerson(trx, id);
    if (!person) throw new NotFound();
    const state = await secondFactorState(trx, id, true);
    if (!state.secret) return { ok: false, message: `${person.name} has no authenticator app to reset` };
    await clearSecondFactor(trx, id, true);
    await recordAudit(trx, context, {
      action: 'user.second-factor-reset',
      outcome: 'allowed',
      subjectType: 'user',
      subjectId: id,
      reason: `authenticator app and recovery codes removed; signed out everywhere${state.requiredForRole ? '; sets it up again at the next sign-in' : ''}`,
    });
    return { ok: true };
  });
}

/** Which roles must sign in with an authenticator app; audited with the roles before and after. */
export async function requireSecondFactorFor(db: Db, roles: readonly Role[], context: AuditContext): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await rolesRequiringSecondFactor(trx);
    await setRolesRequiringSecondFactor(trx, roles, context.actorUserId!, context.at);
    await recordAudit(trx, context, {
      action: 'settings.second-factor-roles',
      outcome: 'allowed',
      subjectType: 'setting',
      subjectId: 'second_factor_roles',
      reason: `required for: ${before.join(', ') || 'no role'} → ${[...roles].sort().join(', ') || 'no role'}`,
    });
  });
}
