import { sql } from 'kysely';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { issueAccountToken, lookUpAccountToken, revokeAccountTokens, useAccountToken, type TokenLookup, type TokenPurpose } from '../../platform/auth/account-tokens.ts';
import { hashPassword, passwordProblem } from '../../platform/auth/passwords.ts';
import { endAllSessionsOf, hasLeft } from '../../platform/auth/sessions.ts';
import { passwordResetEmail } from '../../platform/email/messages.ts';
import { queueEmail } from '../../platform/email/outbox.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';

/**
 * Choosing a password through a single-use link (an invitation or a reset),
 * and asking for a reset link. Nobody but the person ever chooses their
 * password; the answer to "forgotten your password?" is the same whether or
 * not the address is an account's.
 */

/** What a link is worth now, for the page it opens. */
export function checkLink(db: Db, purpose: TokenPurpose, token: string, now: Date): Promise<TokenLookup> {
  return lookUpAccountToken(db, token, purpose, now);
}

export type ChooseResult =
  | { outcome: 'set'; userId: string }
  | { outcome: 'refused'; errors: FieldErrors; email: string }
  | { outcome: 'link'; status: Exclude<TokenLookup['status'], 'usable'> };

const AUDIT_ACTION: Record<TokenPurpose, string> = { invitation: 'user.invitation-accept', reset: 'user.password-reset' };

/**
 * Sets the person's password from a usable link, which is used up in the
 * same transaction. Every session the person had ends (after a reset, the
 * door shuts on whoever else may have been signed in), and the count of
 * wrong passwords is cleared. Audited as the person, never with the password.
 */
export async function choosePassword(
  db: Db,
  purpose: TokenPurpose,
  form: { token: string; password: string; confirm: string },
  context: AuditContext,
): Promise<ChooseResult> {
  const link = await lookUpAccountToken(db, form.token, purpose, context.at);
  if (link.status !== 'usable') return { outcome: 'link', status: link.status };
  const errors: FieldErrors = {};
  const problem = form.password ? passwordProblem(form.password, { email: link.email, name: link.name }) : 'Enter a password';
  if (problem) errors.password = problem;
  else if (form.password !== form.confirm) errors.confirm = 'Enter the same password twice';
  if (Object.keys(errors).length) {
    await recordAudit(db, { ...context, actorUserId: link.userId, actorEmail: link.email }, {
      action: AUDIT_ACTION[purpose],
      outcome: 'failed',
      subjectType: 'user',
      subjectId: link.userId,
      reason: `password refused: ${errors.password ?? errors.confirm}`,
    });
    return { outcome: 'refused', errors, email: link.email };
  }
  const passwordHash = await hashPassword(form.password);
  return db.transaction().execute(async (trx): Promise<ChooseResult> => {
    // Again, holding the link: two submissions of one link cannot both use it.
    const held = await lookUpAccountToken(trx, form.token, purpose, context.at, true);
    if (held.status !== 'usable') return { outcome: 'link', status: held.status };
    await useAccountToken(trx, held.tokenId, context.at);
    // Whichever way the password was chosen, no other link to choose one works any more.
    await revokeAccountTokens(trx, held.userId, 'invitation', context.at);
    await revokeAccountTokens(trx, held.userId, 'reset', context.at);
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, failed_sign_ins: 0, locked_until: null, last_failed_sign_in_at: null, updated_at: sql<never>`${context.at.toISOString()}::timestamptz` })
      .where('id', '=', held.userId)
      .execute();
    const ended = await trx.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', held.userId).executeTakeFirstOrThrow();
    await endAllSessionsOf(trx, held.userId);
    await recordAudit(trx, { ...context, actorUserId: held.userId, actorEmail: held.email }, {
      action: AUDIT_ACTION[purpose],
      outcome: 'allowed',
      subjectType: 'user',
      subjectId: held.userId,
      reason:
        purpose === 'invitation'
          ? 'password chosen from the invitation link'
          : `password chosen from a reset link; ${Number(ended.n)} ${Number(ended.n) === 1 ? 'session' : 'sessions'} ended`,
    });
    return { outcome: 'set', userId: held.userId };
  });
}

/** Reset links asked for one account in an hour, beyond which no more are sent (the answer is the same). */
export const RESETS_PER_HOUR = 3;

/**
 * Emails a reset link when the address is an enabled account's, at most
 * RESETS_PER_HOUR an hour; otherwise sends nothing. The caller answers the
 * same either way. Audited every time, so an administrator sees attempts.
 */
export async function requestPasswordReset(
  db: Db,
  settings: Pick<Config, 'serviceName' | 'councilName' | 'publicUrl' | 'passwordResetMinutes'>,
  email: string,
  context: AuditContext,
): Promise<void> {
  const address = email.trim().toLowerCase();
  await db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .leftJoin('staff_records', 'staff_records.user_id', 'users.id')
      .select(['users.id', 'users.email', 'users.disabled_at', 'staff_records.left_on'])
      .where((eb) => eb(eb.fn('lower', ['users.email']), '=', address))
      .forUpdate('users')
      .executeTakeFirst();
    const audit = (outcome: 'allowed' | 'denied', reason: string) =>
      recordAudit(trx, { ...context, actorUserId: user?.id ?? null, actorEmail: user?.email ?? address.slice(0, 254) }, {
        action: 'user.password-reset-request',
        outcome,
        subjectType: 'user',
        subjectId: user?.id,
        reason,
      });
    if (!user) return audit('denied', 'no account has this email address; nothing sent');
    if (user.disabled_at) return audit('denied', 'account disabled; nothing sent');
    if (hasLeft(user.left_on, context.at)) return audit('denied', `left on ${user.left_on}; nothing sent`);
    const since = new Date(context.at.getTime() - 3_600_000);
    const recent = await trx
      .selectFrom('account_tokens')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', user.id)
      .where('purpose', '=', 'reset')
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow();
    if (Number(recent.n) >= RESETS_PER_HOUR) return audit('denied', `${Number(recent.n)} reset links sent in the last hour; nothing sent`);
    const issued = await issueAccountToken(trx, {
      userId: user.id,
      purpose: 'reset',
      createdBy: null,
      now: context.at,
      lifetimeMs: settings.passwordResetMinutes * 60_000,
    });
    await queueEmail(trx, passwordResetEmail(settings, { tokenId: issued.id, token: issued.token, to: user.email, userId: user.id, expiresAt: issued.expiresAt }), context.at);
    return audit('allowed', `reset link emailed, valid until ${issued.expiresAt.toISOString()}; earlier reset links revoked`);
  });
}
