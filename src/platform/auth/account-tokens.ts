import type { Db } from '../../db/database.ts';
import { hasLeft } from './sessions.ts';
import { hashToken, randomToken } from './tokens.ts';

/**
 * The single-use links that let a person choose a password: an invitation
 * (days) or a password reset (an hour). Only the SHA-256 hash of a token is
 * stored; a new link of one kind revokes the person's earlier ones of that
 * kind, and using a link uses it up.
 */
export type TokenPurpose = 'invitation' | 'reset';

export async function issueAccountToken(
  db: Db,
  options: { userId: string; purpose: TokenPurpose; createdBy: string | null; now: Date; lifetimeMs: number },
): Promise<{ id: string; token: string; expiresAt: Date }> {
  await revokeAccountTokens(db, options.userId, options.purpose, options.now);
  const token = randomToken();
  const expiresAt = new Date(options.now.getTime() + options.lifetimeMs);
  const row = await db
    .insertInto('account_tokens')
    .values({
      user_id: options.userId,
      purpose: options.purpose,
      token_hash: hashToken(token),
      created_at: options.now,
      created_by: options.createdBy,
      expires_at: expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token, expiresAt };
}

/** Revokes the person's live links of this kind; returns how many. */
export async function revokeAccountTokens(db: Db, userId: string, purpose: TokenPurpose, now: Date): Promise<number> {
  const result = await db
    .updateTable('account_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export type TokenLookup =
  | { status: 'usable'; tokenId: string; userId: string; email: string; name: string; expiresAt: Date }
  | { status: 'expired' | 'used' | 'revoked' | 'unknown' | 'disabled' };

/**
 * What a link is worth at `now`. `lock` takes the token's row for update, in
 * the transaction that will use it, so two submissions cannot both use one
 * link. A link of a disabled person or a leaver works no more.
 */
export async function lookUpAccountToken(db: Db, token: string, purpose: TokenPurpose, now: Date, lock = false): Promise<TokenLookup> {
  if (!token || token.length > 100) return { status: 'unknown' };
  let query = db
    .selectFrom('account_tokens')
    .innerJoin('users', 'users.id', 'account_tokens.user_id')
    .leftJoin('staff_records', 'staff_records.user_id', 'users.id')
    .select([
      'staff_records.left_on',
      'account_tokens.id',
      'account_tokens.user_id',
      'account_tokens.expires_at',
      'account_tokens.used_at',
      'account_tokens.revoked_at',
      'users.email',
      'users.name',
      'users.disabled_at',
    ])
    .where('account_tokens.token_hash', '=', hashToken(token))
    .where('account_tokens.purpose', '=', purpose);
  if (lock) query = query.forUpdate(['account_tokens', 'users']);
  const row = await query.executeTakeFirst();
  if (!row) return { status: 'unknown' };
  if (row.used_at) return { status: 'used' };
  if (row.revoked_at) return { status: 'revoked' };
  if (row.disabled_at || hasLeft(row.left_on, now)) return { status: 'disabled' };
  if (row.expires_at.getTime() <= now.getTime()) return { status: 'expired' };
  return { status: 'usable', tokenId: row.id, userId: row.user_id, email: row.email, name: row.name, expiresAt: row.expires_at };
}

export async function useAccountToken(db: Db, tokenId: string, now: Date): Promise<void> {
  await db.updateTable('account_tokens').set({ used_at: now }).where('id', '=', tokenId).execute();
}

/** The person's live invitation, if any: for the administrator's page. */
export async function liveInvitation(db: Db, userId: string, now: Date): Promise<{ created_at: Date; expires_at: Date } | undefined> {
  return db
    .selectFrom('account_tokens')
    .select(['created_at', 'expires_at'])
    .where('user_id', '=', userId)
    .where('purpose', '=', 'invitation')
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}
