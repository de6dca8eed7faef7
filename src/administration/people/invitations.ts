import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { issueAccountToken, revokeAccountTokens } from '../../platform/auth/account-tokens.ts';
import { invitationEmail } from '../../platform/email/messages.ts';
import { queueEmail } from '../../platform/email/outbox.ts';
import { NotFound } from '../../platform/http/errors.ts';
import { findPerson } from './queries.ts';
import { addPerson, type Outcome, type PersonInput } from './service.ts';

/**
 * Inviting people: an administrator adds a person, who has no password until
 * they choose one through the single-use link emailed to them. Nobody but
 * the person ever types or sees their password.
 */
export type InvitationSettings = Pick<Config, 'serviceName' | 'councilName' | 'publicUrl' | 'invitationDays'>;

async function sendInvitation(trx: Db, settings: InvitationSettings, person: { id: string; email: string; name: string }, context: AuditContext) {
  const issued = await issueAccountToken(trx, {
    userId: person.id,
    purpose: 'invitation',
    createdBy: context.actorUserId ?? null,
    now: context.at,
    lifetimeMs: settings.invitationDays * 86_400_000,
  });
  await queueEmail(
    trx,
    invitationEmail(settings, { tokenId: issued.id, token: issued.token, to: person.email, userId: person.id, name: person.name, expiresAt: issued.expiresAt }),
    context.at,
  );
  return issued.expiresAt;
}

/** Adds a person and emails them an invitation, in one transaction; audited as user.create and user.invite. */
export async function invitePerson(db: Db, settings: InvitationSettings, input: PersonInput, context: AuditContext, today: string): Promise<Outcome<{ id: string }>> {
  return addPerson(db, input, null, context, today, async (trx, person) => {
    const expiresAt = await sendInvitation(trx, settings, person, context);
    await recordAudit(trx, context, {
      action: 'user.invite',
      outcome: 'allowed',
      subjectType: 'user',
      subjectId: person.id,
      reason: `invitation emailed to ${person.email}, valid until ${expiresAt.toISOString()}`,
    });
  });
}

export type InvitationChange = { ok: true } | { ok: false; message: string };

/** A new invitation link (the earlier ones stop working), for a person who has not yet chosen a password. */
export async function resendInvitation(db: Db, settings: InvitationSettings, id: string, context: AuditContext): Promise<InvitationChange> {
  return db.transaction().execute(async (trx) => {
    const person = await findPerson(trx, id);
    if (!person) throw new NotFound();
    if (person.disabled_at) return { ok: false, message: 'Enable the account before sending an invitation' };
    if (person.has_password) return { ok: false, message: `${person.name} has already chosen a password: they can reset it from the sign-in page` };
    const expiresAt = await sendInvitation(trx, settings, person, context);
    await recordAudit(trx, context, {
      action: 'user.invite',
      outcome: 'allowed',
      subjectType: 'user',
      subjectId: id,
      reason: `new invitation emailed to ${person.email}, valid until ${expiresAt.toISOString()}; earlier links revoked`,
    });
    return { ok: true };
  });
}

/** Stops the person's invitation links working; audited as user.invite-revoke. */
export async function revokeInvitation(db: Db, id: string, context: AuditContext): Promise<InvitationChange> {
  return db.transaction().execute(async (trx) => {
    const person = await findPerson(trx, id);
    if (!person) throw new NotFound();
    const revoked = await revokeAccountTokens(trx, id, 'invitation', context.at);
    if (revoked === 0) return { ok: false, message: 'There is no invitation to revoke' };
    await recordAudit(trx, context, {
      action: 'user.invite-revoke',
      outcome: 'allowed',
      subjectType: 'user',
      subjectId: id,
      reason: `invitation to ${person.email} revoked`,
    });
    return { ok: true };
  });
}
