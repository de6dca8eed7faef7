// Signing in through the council's identity provider (OpenID Connect): who
// the provider's person is in Steadfast, and whether they may come in.
// The protocol itself is platform/auth/oidc.ts; docs/identity.md explains it.
import type { OidcSettings } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit, type AuditContext } from '../../platform/audit/audit.ts';
import { OidcRefusal, type OidcClaims, type OidcClient } from '../../platform/auth/oidc.ts';
import { linkIdentity, noteIdentitySignIn, userIdForSubject } from '../../platform/auth/oidc-identities.ts';
import { endSession, hasLeft, startSession } from '../../platform/auth/sessions.ts';
import { hashToken, randomToken, sameToken } from '../../platform/auth/tokens.ts';

/** How long a browser has to come back from the provider. */
export const OIDC_ATTEMPT_MINUTES = 10;

const ACTION = 'sign-in.oidc';

/**
 * Why a sign-in through the provider was refused, as the person is told:
 * `failed` the provider's answer could not be trusted or was not this
 * browser's; `unknown` no Steadfast account is linked to them; `ended` their
 * account is disabled or they have left.
 */
export type OidcRefusalKind = 'failed' | 'unknown' | 'ended';

export type OidcSignInResult = { outcome: 'signed-in'; sessionToken: string } | { outcome: 'refused'; kind: OidcRefusalKind };

/**
 * Starts a sign-in: the state, nonce and PKCE verifier are kept in the
 * database under the hash of a new random value for the browser's cookie
 * (an earlier unfinished attempt of the browser is replaced).
 */
export async function beginOidcSignIn(db: Db, oidc: OidcClient, now: Date, earlierBrowserValue: string | undefined): Promise<{ browserValue: string; url: URL }> {
  const { url, checks } = await oidc.start();
  const browserValue = randomToken();
  await db.transaction().execute(async (trx) => {
    if (earlierBrowserValue) await trx.deleteFrom('oidc_sign_in_attempts').where('browser_hash', '=', hashToken(earlierBrowserValue)).execute();
    await trx
      .deleteFrom('oidc_sign_in_attempts')
      .where('created_at', '<', new Date(now.getTime() - OIDC_ATTEMPT_MINUTES * 60_000))
      .execute();
    await trx
      .insertInto('oidc_sign_in_attempts')
      .values({ browser_hash: hashToken(browserValue), state: checks.state, nonce: checks.nonce, code_verifier: checks.codeVerifier, created_at: now })
      .execute();
  });
  return { browserValue, url };
}

/**
 * Finishes a sign-in when the browser comes back with the provider's answer.
 * The attempt is deleted first, in its own statement, so the same callback
 * can never be used twice (a replayed code or state finds nothing). Then:
 * the state must be this browser's, the code is exchanged and the ID token
 * checked (platform/auth/oidc.ts), and the person is found by the subject
 * recorded at their first sign-in, or, when the council allows it, by a
 * verified email address (never by a name). A disabled person or a leaver is
 * refused. No one-time code is asked: the provider does the second factor.
 * Every outcome is audited with its reason.
 */
export async function completeOidcSignIn(
  db: Db,
  settings: OidcSettings,
  oidc: OidcClient,
  callback: { browserValue: string | undefined; query: string; previousSessionToken?: string | undefined },
  context: AuditContext,
): Promise<OidcSignInResult> {
  const now = context.at;
  const refuse = async (kind: OidcRefusalKind, reason: string, who?: { userId: string; email: string }, on: Db = db): Promise<OidcSignInResult> => {
    await recordAudit(on, { ...context, actorUserId: who?.userId ?? null, actorEmail: who?.email ?? null }, {
      action: ACTION,
      outcome: 'denied',
      subjectType: who ? 'user' : undefined,
      subjectId: who?.userId,
      reason: reason.slice(0, 1000),
    });
    return { outcome: 'refused', kind };
  };

  if (!callback.browserValue) return refuse('failed', 'no sign-in was started in this browser (its sign-in cookie is missing)');
  const attempt = await db
    .deleteFrom('oidc_sign_in_attempts')
    .where('browser_hash', '=', hashToken(callback.browserValue))
    .returningAll()
    .executeTakeFirst();
  if (!attempt) return refuse('failed', 'no sign-in under way for this browser: the callback was already used (a replay) or never started');
  if (now.getTime() >= attempt.created_at.getTime() + OIDC_ATTEMPT_MINUTES * 60_000) {
    return refuse('failed', `the browser came back after more than ${OIDC_ATTEMPT_MINUTES} minutes`);
  }
  const params = new URLSearchParams(callback.query);
  const providerError = params.get('error');
  if (providerError) {
    return refuse('failed', `the identity provider answered with an error: ${providerError}${params.get('error_description') ? ` (${params.get('error_description')})` : ''}`);
  }
  if (!sameToken(params.get('state') ?? '', attempt.state)) return refuse('failed', 'the state in the callback is not the one this browser was sent with (tampered or from another browser)');

  let claims: OidcClaims;
  try {
    claims = await oidc.finish(callback.query, { state: attempt.state, nonce: attempt.nonce, codeVerifier: attempt.code_verifier });
  } catch (error) {
    if (error instanceof OidcRefusal) return refuse('failed', error.reason);
    throw error;
  }
  const who = `subject ${claims.subject} at ${claims.issuer}${claims.email ? ` (${claims.email}${claims.verifiedEmail ? '' : ', not verified'})` : ''}`;

  return db.transaction().execute(async (trx) => {
    let userId = await userIdForSubject(trx, claims.issuer, claims.subject);
    let linked = false;
    if (!userId) {
      if (!settings.linkByEmail) return refuse('unknown', `${who} is linked to no account, and linking by email address is off`, undefined, trx);
      if (!claims.verifiedEmail) return refuse('unknown', `${who} is linked to no account, and the provider gave no verified email address to link by`, undefined, trx);
      const byEmail = await trx
        .selectFrom('users')
        .select('id')
        .where((eb) => eb(eb.fn('lower', ['email']), '=', claims.verifiedEmail))
        .executeTakeFirst();
      if (!byEmail) return refuse('unknown', `${who} is linked to no account, and no account has that email address`, undefined, trx);
      const already = await trx
        .selectFrom('external_identities')
        .select('subject')
        .where('user_id', '=', byEmail.id)
        .where('issuer', '=', claims.issuer)
        .executeTakeFirst();
      if (already) return refuse('unknown', `${who}: the account with that email address is already linked to another subject at this provider`, undefined, trx);
      userId = byEmail.id;
      linked = true;
    }
    const user = await trx
      .selectFrom('users')
      .leftJoin('staff_records', 'staff_records.user_id', 'users.id')
      .select(['users.id', 'users.email', 'users.disabled_at', 'staff_records.left_on'])
      .where('users.id', '=', userId)
      .executeTakeFirstOrThrow();
    const person = { userId: user.id, email: user.email };
    if (user.disabled_at) return refuse('ended', `${who}: account disabled`, person, trx);
    if (hasLeft(user.left_on, now)) return refuse('ended', `${who}: left on ${user.left_on}`, person, trx);

    const auditAs = { ...context, actorUserId: user.id, actorEmail: user.email };
    if (linked) {
      await linkIdentity(trx, { userId: user.id, issuer: claims.issuer, subject: claims.subject, email: claims.verifiedEmail!, at: now });
      await recordAudit(trx, auditAs, {
        action: 'user.identity-link',
        outcome: 'allowed',
        subjectType: 'user',
        subjectId: user.id,
        reason: `${who} linked at first sign-in by verified email address`,
      });
    }
    await noteIdentitySignIn(trx, claims.issuer, claims.subject, now);
    if (callback.previousSessionToken) await endSession(trx, callback.previousSessionToken);
    // No one-time code here: the identity provider asks for the second factor.
    const sessionToken = await startSession(trx, user.id, now, null);
    await recordAudit(trx, auditAs, {
      action: ACTION,
      outcome: 'allowed',
      subjectType: 'user',
      subjectId: user.id,
      reason: `${who}; second factor left to the identity provider`,
    });
    return { outcome: 'signed-in', sessionToken } as const;
  });
}
