import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { verifyPassword } from '../../platform/auth/passwords.ts';
import { endSession, startSession } from '../../platform/auth/sessions.ts';

export type SignInResult =
  | { outcome: 'signed-in'; sessionToken: string }
  | { outcome: 'invalid' }
  | { outcome: 'locked'; minutes: number };

type Policy = Pick<Config, 'signInMaxFailures' | 'signInLockMinutes'>;

/**
 * Checks a password and opens a new session. Every attempt is audited in the
 * same transaction as the counters it changes; repeated failures lock the account.
 */
export async function signIn(
  db: Db,
  policy: Policy,
  attempt: { email: string; password: string; previousSessionToken?: string | undefined },
  context: AuditContext,
): Promise<SignInResult> {
  const email = attempt.email.trim().toLowerCase();
  const now = context.at;
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'password_hash', 'disabled_at', 'locked_until', 'failed_sign_ins'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
    .executeTakeFirst();
  const passwordMatches = await verifyPassword(user && !user.disabled_at ? user.password_hash : null, attempt.password);
  const auditAs = { ...context, actorUserId: user?.id ?? null, actorEmail: user?.email ?? email.slice(0, 254) };

  return db.transaction().execute(async (trx) => {
    if (!user || user.disabled_at) {
      await recordAudit(trx, auditAs, {
        action: 'sign-in',
        outcome: 'failed',
        subjectType: 'user',
        subjectId: user?.id,
        reason: user ? 'account disabled' : 'unknown email address',
      });
      return { outcome: 'invalid' } as const;
    }
    if (user.locked_until && user.locked_until > now) {
      await recordAudit(trx, auditAs, { action: 'sign-in', outcome: 'denied', subjectType: 'user', subjectId: user.id, reason: 'account locked' });
      return { outcome: 'locked', minutes: minutesUntil(user.locked_until, now) } as const;
    }
    if (!passwordMatches) {
      const failures = user.failed_sign_ins + 1;
      const lock = failures >= policy.signInMaxFailures;
      const lockedUntil = new Date(now.getTime() + policy.signInLockMinutes * 60_000);
      await trx
        .updateTable('users')
        .set(lock ? { failed_sign_ins: 0, locked_until: lockedUntil } : { failed_sign_ins: failures })
        .where('id', '=', user.id)
        .execute();
      await recordAudit(trx, auditAs, {
        action: 'sign-in',
        outcome: 'failed',
        subjectType: 'user',
        subjectId: user.id,
        reason: `wrong password (${failures} in a row)`,
      });
      if (lock) {
        await recordAudit(trx, auditAs, {
          action: 'account.lock',
          outcome: 'allowed',
          subjectType: 'user',
          subjectId: user.id,
          reason: `${failures} wrong passwords in a row; locked for ${policy.signInLockMinutes} minutes`,
        });
        return { outcome: 'locked', minutes: policy.signInLockMinutes } as const;
      }
      return { outcome: 'invalid' } as const;
    }
    await trx.updateTable('users').set({ failed_sign_ins: 0, locked_until: null }).where('id', '=', user.id).execute();
    if (attempt.previousSessionToken) await endSession(trx, attempt.previousSessionToken);
    const sessionToken = await startSession(trx, user.id, now);
    await recordAudit(trx, auditAs, { action: 'sign-in', outcome: 'allowed', subjectType: 'user', subjectId: user.id });
    return { outcome: 'signed-in', sessionToken } as const;
  });
}

export async function signOut(db: Db, sessionToken: string, context: AuditContext): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await endSession(trx, sessionToken);
    await recordAudit(trx, context, { action: 'sign-out', outcome: 'allowed', subjectType: 'user', subjectId: context.actorUserId ?? undefined });
  });
}

function minutesUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
}
