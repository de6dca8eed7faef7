// Signing in with a one-time code, setting up the authenticator app, and a
// person's own choices about it. Every step is audited, refusals included,
// never with a code.
import type { Db } from '../../db/database.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { acceptedStep, MAX_CODE_FAILURES, newRecoveryCodes, newTotpSecret, readCode, secretForTyping, totpAddress } from '../../platform/auth/second-factor.ts';
import {
  clearSecondFactor,
  confirmSecondFactor,
  keepSecret,
  noteCodeFailure,
  noteStepUsed,
  replaceRecoveryCodes,
  secondFactorState,
  useRecoveryCode,
} from '../../platform/auth/second-factor-store.ts';
import { endSession, startSession } from '../../platform/auth/sessions.ts';
import { hashToken } from '../../platform/auth/tokens.ts';
import { qrCodeSvg } from '../../platform/views/qr-code.ts';

export type CodeResult =
  | { outcome: 'signed-in'; sessionToken: string; recoveryCodes?: string[] }
  | { outcome: 'wrong'; error: string }
  | { outcome: 'ended' };

const WRONG_CODE = 'Enter the 6-digit code your authenticator app shows now';
const WRONG_RECOVERY_CODE = 'Enter one of your recovery codes that has not been used';

/** The session becomes signed in under a new token, so the one that only passed the password is worth nothing. */
async function finishSignIn(trx: Db, sessionToken: string, userId: string, now: Date): Promise<string> {
  await endSession(trx, sessionToken);
  return startSession(trx, userId, now);
}

async function wrongAttempt(trx: Db, sessionToken: string, context: AuditContext, userId: string, what: string, error: string): Promise<CodeResult> {
  const failures = await noteCodeFailure(trx, hashToken(sessionToken));
  const ended = failures >= MAX_CODE_FAILURES;
  if (ended) await endSession(trx, sessionToken);
  await recordAudit(trx, context, {
    action: 'sign-in.second-factor',
    outcome: 'failed',
    subjectType: 'user',
    subjectId: userId,
    reason: `${what} (${failures} in this sign-in)${ended ? '; the sign-in was ended and the password must be typed again' : ''}`,
  });
  return ended ? { outcome: 'ended' } : { outcome: 'wrong', error };
}

/** Checks the code from the app, for a session that passed the password. */
export async function signInWithCode(db: Db, sessionToken: string, userId: string, typed: string, context: AuditContext): Promise<CodeResult> {
  return db.transaction().execute(async (trx) => {
    const state = await secondFactorState(trx, userId, true);
    const code = readCode(typed);
    const step = code && state.confirmed && state.secret ? acceptedStep(state.secret, code, context.at, state.lastStep) : null;
    if (step === null) return wrongAttempt(trx, sessionToken, context, userId, code ? 'wrong or already used code' : 'not a 6-digit code', WRONG_CODE);
    await noteStepUsed(trx, userId, step);
    const newToken = await finishSignIn(trx, sessionToken, userId, context.at);
    await recordAudit(trx, context, { action: 'sign-in.second-factor', outcome: 'allowed', subjectType: 'user', subjectId: userId, reason: 'code from the authenticator app' });
    return { outcome: 'signed-in', sessionToken: newToken };
  });
}

/** Uses one recovery code instead of a code from the app. */
export async function signInWithRecoveryCode(db: Db, sessionToken: string, userId: string, typed: string, context: AuditContext): Promise<CodeResult> {
  return db.transaction().execute(async (trx) => {
    await secondFactorState(trx, userId, true);
    const used = typed.trim() !== '' && (await useRecoveryCode(trx, userId, typed.slice(0, 64), context.at));
    if (!used) return wrongAttempt(trx, sessionToken, context, userId, 'wrong or used recovery code', WRONG_RECOVERY_CODE);
    const left = (await secondFactorState(trx, userId)).recoveryCodesLeft;
    const newToken = await finishSignIn(trx, sessionToken, userId, context.at);
    await recordAudit(trx, context, { action: 'sign-in.second-factor', outcome: 'allowed', subjectType: 'user', subjectId: userId, reason: `recovery code used; ${left} left` });
    return { outcome: 'signed-in', sessionToken: newToken };
  });
}

export interface SetUpView {
  qrSvg: string;
  secretForTyping: string;
}

/**
 * What the set-up page shows: a QR code and the secret for typing. The
 * secret is kept from the first showing, so a reload shows the same one and
 * an app already scanned keeps working.
 */
export async function setUpView(db: Db, userId: string, email: string, council: string): Promise<SetUpView> {
  const state = await secondFactorState(db, userId);
  if (state.confirmed) throw new Error('the authenticator app is already set up');
  let secret = state.secret;
  if (!secret) {
    secret = newTotpSecret();
    await keepSecret(db, userId, secret);
  }
  const qrSvg = await qrCodeSvg(totpAddress(secret, council, email));
  return { qrSvg, secretForTyping: secretForTyping(secret) };
}

/**
 * Confirms the app with a code from it, and gives the recovery codes (shown
 * once). Halfway through signing in (`sessionToken` of a session awaiting
 * 'enrol'), it also finishes signing in.
 */
export async function confirmSetUp(
  db: Db,
  userId: string,
  typed: string,
  context: AuditContext,
  signingIn: { sessionToken: string } | null,
): Promise<CodeResult> {
  return db.transaction().execute(async (trx) => {
    const state = await secondFactorState(trx, userId, true);
    const code = readCode(typed);
    const step = code && state.secret && !state.confirmed ? acceptedStep(state.secret, code, context.at, state.lastStep) : null;
    if (step === null) {
      if (signingIn) return wrongAttempt(trx, signingIn.sessionToken, context, userId, 'setting up: wrong code', WRONG_CODE);
      await recordAudit(trx, context, { action: 'account.second-factor.set-up', outcome: 'failed', subjectType: 'user', subjectId: userId, reason: 'wrong code' });
      return { outcome: 'wrong', error: WRONG_CODE };
    }
    const recoveryCodes = newRecoveryCodes();
    await confirmSecondFactor(trx, userId, step, recoveryCodes, context.at);
    await recordAudit(trx, context, { action: 'account.second-factor.set-up', outcome: 'allowed', subjectType: 'user', subjectId: userId, reason: `authenticator app set up; ${recoveryCodes.length} recovery codes given` });
    const sessionToken = signingIn ? await finishSignIn(trx, signingIn.sessionToken, userId, context.at) : '';
    return { outcome: 'signed-in', sessionToken, recoveryCodes };
  });
}

export type AccountChange = { outcome: 'done'; recoveryCodes?: string[] } | { outcome: 'refused'; error: string };

/** Turns the second factor off, with a current code; refused when the person's role requires it. */
export async function turnOff(db: Db, userId: string, typed: string, context: AuditContext): Promise<AccountChange> {
  return db.transaction().execute(async (trx) => {
    const state = await secondFactorState(trx, userId, true);
    if (state.requiredForRole) {
      await recordAudit(trx, context, { action: 'account.second-factor.turn-off', outcome: 'denied', subjectType: 'user', subjectId: userId, reason: 'required for the role' });
      return { outcome: 'refused', error: 'Your role requires an authenticator app, so it cannot be turned off' };
    }
    const code = readCode(typed);
    const step = code && state.secret && state.confirmed ? acceptedStep(state.secret, code, context.at, state.lastStep) : null;
    if (step === null) {
      await recordAudit(trx, context, { action: 'account.second-factor.turn-off', outcome: 'failed', subjectType: 'user', subjectId: userId, reason: 'wrong code' });
      return { outcome: 'refused', error: WRONG_CODE };
    }
    await clearSecondFactor(trx, userId, false);
    await recordAudit(trx, context, { action: 'account.second-factor.turn-off', outcome: 'allowed', subjectType: 'user', subjectId: userId });
    return { outcome: 'done' };
  });
}

/** New recovery codes, with a current code: the earlier ones stop working. */
export async function renewRecoveryCodes(db: Db, userId: string, typed: string, context: AuditContext): Promise<AccountChange> {
  return db.transaction().execute(async (trx) => {
    const state = await secondFactorState(trx, userId, true);
    const code = readCode(typed);
    const step = code && state.secret && state.confirmed ? acceptedStep(state.secret, code, context.at, state.lastStep) : null;
    if (step === null) {
      await recordAudit(trx, context, { action: 'account.recovery-codes.renew', outcome: 'failed', subjectType: 'user', subjectId: userId, reason: 'wrong code' });
      return { outcome: 'refused', error: WRONG_CODE };
    }
    await noteStepUsed(trx, userId, step);
    const recoveryCodes = newRecoveryCodes();
    await replaceRecoveryCodes(trx, userId, recoveryCodes, context.at);
    await recordAudit(trx, context, { action: 'account.recovery-codes.renew', outcome: 'allowed', subjectType: 'user', subjectId: userId });
    return { outcome: 'done', recoveryCodes };
  });
}
