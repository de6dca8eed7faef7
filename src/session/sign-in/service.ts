import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { verifyPassword } from '../../platform/auth/passwords.ts';
import { stageAfterPassword } from '../../platform/auth/second-factor-store.ts';
import { endSession, hasLeft, startSession } from '../../platform/auth/sessions.ts';
import type { SessionStage } from '../../db/schema.ts';
import {
  afterFailure,
  clearEmailCounter,
  forgetOldCounters,
  NO_FAILURES,
  readAddressCounter,
  readEmailCounter,
  refusedUntil,
  writeAddressCounter,
  writeEmailCounter,
  type Counter,
  type EmailKey,
} from '../../platform/auth/throttle.ts';

/**
 * Every unsuccessful attempt gets the same answer, whether the email address
 * is unknown, the password wrong or the attempt made to wait: `waitSeconds`
 * says how long before the next attempt is looked at, when it must wait.
 */
export type SignInResult =
  | { outcome: 'signed-in'; sessionToken: string; awaiting: SessionStage | null }
  | { outcome: 'refused'; waitSeconds: number | null };

type Policy = Pick<Config, 'signInMaxFailures' | 'signInLockMinutes'>;

/**
 * Checks a password and opens a new session. Repeated failures for one email
 * address, or from one client address, make further attempts wait (see
 * platform/auth/throttle.ts) before any password is checked. Every attempt is
 * audited in the same transaction as the counters it changes.
 */
export async function signIn(
  db: Db,
  policy: Policy,
  attempt: { email: string; password: string; previousSessionToken?: string | undefined },
  context: AuditContext,
): Promise<SignInResult> {
  const email = attempt.email.trim().toLowerCase();
  const now = context.at;
  const throttle = { maxFailures: policy.signInMaxFailures, longestWaitMinutes: policy.signInLockMinutes };
  const user = await db
    .selectFrom('users')
    .leftJoin('staff_records', 'staff_records.user_id', 'users.id')
    .select(['users.id', 'users.email', 'users.password_hash', 'users.disabled_at', 'staff_records.left_on'])
    .where((eb) => eb(eb.fn('lower', ['users.email']), '=', email))
    .executeTakeFirst();
  // A leaver is refused as a disabled account is, with the same answer as a wrong password.
  const ended = user ? Boolean(user.disabled_at) || hasLeft(user.left_on, now) : false;
  const key: EmailKey = user ? { userId: user.id } : { email };
  const address = context.ip;
  const auditAs = { ...context, actorUserId: user?.id ?? null, actorEmail: user?.email ?? email.slice(0, 254) };

  const refuse = async (trx: Db, wait: Wait): Promise<SignInResult> => {
    await recordAudit(trx, auditAs, {
      action: 'sign-in',
      outcome: 'denied',
      subjectType: 'user',
      subjectId: user?.id,
      reason: `slowed after repeated failures (${wait.because}); no password checked; next attempt from ${wait.until.toISOString()}`,
    });
    return { outcome: 'refused', waitSeconds: secondsUntil(wait.until, now) };
  };

  // Before any password is checked: must this attempt wait? It costs the
  // same time as a checked password, so the answer's timing tells nothing.
  const early = waitFor(await readEmailCounter(db, key), await readAddressCounter(db, address), now);
  if (early) {
    await verifyPassword(null, attempt.password);
    return db.transaction().execute((trx) => refuse(trx, early));
  }
  const passwordMatches = await verifyPassword(user && !ended ? user.password_hash : null, attempt.password);

  return db.transaction().execute(async (trx) => {
    const forEmail = await readEmailCounter(trx, key, true);
    const fromAddress = await readAddressCounter(trx, address, true);
    // Another attempt may have failed while this password was checked.
    const late = waitFor(forEmail, fromAddress, now);
    if (late) return refuse(trx, late);

    if (user && !ended && passwordMatches) {
      await clearEmailCounter(trx, key, forEmail);
      await writeAddressCounter(trx, address, NO_FAILURES);
      if (attempt.previousSessionToken) await endSession(trx, attempt.previousSessionToken);
      // With a second factor, the right password opens the way to the code, not to the service.
      const awaiting = await stageAfterPassword(trx, user.id);
      const sessionToken = await startSession(trx, user.id, now, awaiting);
      await recordAudit(trx, auditAs, {
        action: 'sign-in',
        outcome: 'allowed',
        subjectType: 'user',
        subjectId: user.id,
        reason: awaiting === 'second-factor' ? 'password right; a one-time code is asked next' : awaiting === 'enrol' ? 'password right; the role requires an authenticator app, set up next' : undefined,
      });
      return { outcome: 'signed-in', sessionToken, awaiting } as const;
    }

    const emailAfter = afterFailure(forEmail, now, throttle);
    const addressAfter = afterFailure(fromAddress, now, throttle);
    await writeEmailCounter(trx, key, emailAfter);
    await writeAddressCounter(trx, address, addressAfter);
    await forgetOldCounters(trx, now);
    const what = !user
      ? 'unknown email address'
      : user.disabled_at
        ? 'account disabled'
        : ended
          ? `left on ${user.left_on}`
          : user.password_hash
            ? 'wrong password'
            : 'no password chosen yet (invited)';
    const next = waitFor(emailAfter, addressAfter, now);
    await recordAudit(trx, auditAs, {
      action: 'sign-in',
      outcome: 'failed',
      subjectType: 'user',
      subjectId: user?.id,
      reason: `${what} (${emailAfter.failures} in a row)${next ? `; further attempts wait until ${next.until.toISOString()} (${next.because})` : ''}`,
    });
    return { outcome: 'refused', waitSeconds: next ? secondsUntil(next.until, now) : null } as const;
  });
}

interface Wait {
  until: Date;
  /** Which counters make it wait, for the audit log. */
  because: string;
}

function waitFor(forEmail: Counter | undefined, fromAddress: Counter | undefined, now: Date): Wait | null {
  const byEmail = refusedUntil(forEmail, now);
  const byAddress = refusedUntil(fromAddress, now);
  if (!byEmail && !byAddress) return null;
  const because = [
    byEmail ? `${forEmail!.failures} for this email address` : null,
    byAddress ? `${fromAddress!.failures} from this client address` : null,
  ].filter(Boolean);
  const until = byEmail && byAddress ? (byEmail > byAddress ? byEmail : byAddress) : (byEmail ?? byAddress)!;
  return { until, because: because.join(', ') };
}

export async function signOut(db: Db, sessionToken: string, context: AuditContext): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await endSession(trx, sessionToken);
    await recordAudit(trx, context, { action: 'sign-out', outcome: 'allowed', subjectType: 'user', subjectId: context.actorUserId ?? undefined });
  });
}

function secondsUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}
