// The stored side of second factors, which sign-in, a person's own account
// page and the administrators' pages all change.
import type { Db } from '../../db/database.ts';
import type { Role, SessionStage } from '../../db/schema.ts';
import { endAllSessionsOf } from './sessions.ts';
import { recoveryCodeHash } from './second-factor.ts';

export interface SecondFactorState {
  secret: string | null;
  confirmed: boolean;
  lastStep: number | null;
  /** Recovery codes not used yet. */
  recoveryCodesLeft: number;
  requiredForRole: boolean;
}

export async function secondFactorState(db: Db, userId: string, lock = false): Promise<SecondFactorState> {
  let query = db.selectFrom('users').select(['role', 'totp_secret', 'totp_confirmed_at', 'totp_last_step']).where('id', '=', userId);
  if (lock) query = query.forUpdate();
  const user = await query.executeTakeFirstOrThrow();
  const [left, required] = await Promise.all([
    db.selectFrom('recovery_codes').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirstOrThrow(),
    db.selectFrom('second_factor_roles').select('role').where('role', '=', user.role).executeTakeFirst(),
  ]);
  return {
    secret: user.totp_secret,
    confirmed: user.totp_confirmed_at !== null,
    lastStep: user.totp_last_step === null ? null : Number(user.totp_last_step),
    recoveryCodesLeft: Number(left.n),
    requiredForRole: required !== undefined,
  };
}

/** What a session must await once the password is right: a code, setting the app up (the role requires it), or nothing. */
export async function stageAfterPassword(db: Db, userId: string): Promise<SessionStage | null> {
  const state = await secondFactorState(db, userId);
  if (state.confirmed) return 'second-factor';
  return state.requiredForRole ? 'enrol' : null;
}

export async function keepSecret(db: Db, userId: string, secret: string): Promise<void> {
  await db.updateTable('users').set({ totp_secret: secret }).where('id', '=', userId).where('totp_confirmed_at', 'is', null).execute();
}

export async function noteStepUsed(db: Db, userId: string, step: number): Promise<void> {
  await db.updateTable('users').set({ totp_last_step: step }).where('id', '=', userId).execute();
}

/** The app is set up: codes are asked for from now on, and these recovery codes replace any earlier ones. */
export async function confirmSecondFactor(db: Db, userId: string, step: number, recoveryCodes: string[], now: Date): Promise<void> {
  await db.updateTable('users').set({ totp_confirmed_at: now, totp_last_step: step }).where('id', '=', userId).execute();
  await replaceRecoveryCodes(db, userId, recoveryCodes, now);
}

export async function replaceRecoveryCodes(db: Db, userId: string, codes: string[], now: Date): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await db
    .insertInto('recovery_codes')
    .values(codes.map((code) => ({ user_id: userId, code_hash: recoveryCodeHash(code), created_at: now })))
    .execute();
}

/** Uses a recovery code of the person's, once; false when it is not one of theirs or was used. */
export async function useRecoveryCode(db: Db, userId: string, typed: string, now: Date): Promise<boolean> {
  const used = await db
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', recoveryCodeHash(typed))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(used.numUpdatedRows) === 1;
}

/** Removes the person's second factor and recovery codes. With `endSessions`, they are signed out everywhere too. */
export async function clearSecondFactor(db: Db, userId: string, endSessions: boolean): Promise<void> {
  await db.updateTable('users').set({ totp_secret: null, totp_confirmed_at: null, totp_last_step: null }).where('id', '=', userId).execute();
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  if (endSessions) await endAllSessionsOf(db, userId);
}

export async function rolesRequiringSecondFactor(db: Db): Promise<Role[]> {
  const rows = await db.selectFrom('second_factor_roles').select('role').orderBy('role').execute();
  return rows.map((r) => r.role);
}

export async function setRolesRequiringSecondFactor(db: Db, roles: readonly Role[], by: string, now: Date): Promise<void> {
  if (roles.length === 0) {
    await db.deleteFrom('second_factor_roles').execute();
    return;
  }
  await db.deleteFrom('second_factor_roles').where('role', 'not in', roles).execute();
  await db
    .insertInto('second_factor_roles')
    .values(roles.map((role) => ({ role, required_since: now, set_by: by })))
    .onConflict((oc) => oc.column('role').doNothing())
    .execute();
}

/** Counts a wrong code in a session awaiting one; returns the count so far. */
export async function noteCodeFailure(db: Db, tokenHash: string): Promise<number> {
  const row = await db
    .updateTable('sessions')
    .set((eb) => ({ code_failures: eb('code_failures', '+', 1) }))
    .where('token_hash', '=', tokenHash)
    .returning('code_failures')
    .executeTakeFirst();
  return row?.code_failures ?? 0;
}
