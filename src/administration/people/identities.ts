// A person's link to the council's identity provider, as a system administrator handles it.
import type { Db } from '../../db/database.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { unlinkIdentities } from '../../platform/auth/oidc-identities.ts';
import { endAllSessionsOf } from '../../platform/auth/sessions.ts';
import { NotFound } from '../../platform/http/errors.ts';
import type { InvitationChange } from './invitations.ts';
import { findPerson } from './queries.ts';

/**
 * Unlinks a person from their subject at the identity provider (linked to the
 * wrong person, or a new account there): they are signed out everywhere, and
 * their next sign-in through the provider is matched afresh, by a verified
 * email address if the council allows it, or refused.
 */
export async function unlinkIdentity(db: Db, id: string, context: AuditContext): Promise<InvitationChange> {
  return db.transaction().execute(async (trx) => {
    const person = await findPerson(trx, id);
    if (!person) throw new NotFound();
    const removed = await unlinkIdentities(trx, id);
    if (removed.length === 0) return { ok: false, message: `${person.name} has no single sign-on identity to unlink` };
    await endAllSessionsOf(trx, id);
    await recordAudit(trx, context, {
      action: 'user.identity-unlink',
      outcome: 'allowed',
      subjectType: 'user',
      subjectId: id,
      reason: `unlinked ${removed.map((r) => `subject ${r.subject} at ${r.issuer}`).join(', ')}; signed out everywhere`,
    });
    return { ok: true };
  });
}
