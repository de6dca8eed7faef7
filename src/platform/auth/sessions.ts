import type { Db } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import { hashToken, randomToken } from './tokens.ts';

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  teamId: string | null;
  serviceId: string | null;
}

/** The users columns a signed-in user (CurrentUser) is read from; a person's record starts with them too. */
export const CURRENT_USER_COLUMNS = [
  'users.id',
  'users.email',
  'users.name',
  'users.role',
  'users.team_id',
  'users.service_id',
] as const;

export interface SessionTimeouts {
  idleMinutes: number;
  absoluteHours: number;
}

/** Starts a new session (a new token every sign-in) and returns the cookie value. */
export async function startSession(db: Db, userId: string, now: Date): Promise<string> {
  const token = randomToken();
  await db
    .insertInto('sessions')
    .values({ token_hash: hashToken(token), user_id: userId, created_at: now, last_seen_at: now })
    .execute();
  return token;
}

export type SessionLookup =
  | { status: 'active'; user: CurrentUser }
  | { status: 'expired'; userId: string }
  | { status: 'none' };

/**
 * Finds the signed-in user for a cookie. An idle or too-old session is deleted
 * and reported as expired; a disabled user's session does not exist.
 */
export async function resumeSession(db: Db, token: string, now: Date, timeouts: SessionTimeouts): Promise<SessionLookup> {
  const tokenHash = hashToken(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.created_at', 'sessions.last_seen_at', ...CURRENT_USER_COLUMNS, 'users.disabled_at'])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return { status: 'none' };
  const idleLimit = row.last_seen_at.getTime() + timeouts.idleMinutes * 60_000;
  const absoluteLimit = row.created_at.getTime() + timeouts.absoluteHours * 3_600_000;
  if (row.disabled_at || now.getTime() >= idleLimit || now.getTime() >= absoluteLimit) {
    await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    return { status: 'expired', userId: row.id };
  }
  // Touch at most once a minute: a page of requests costs one write, not many.
  if (now.getTime() - row.last_seen_at.getTime() > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute();
  }
  return {
    status: 'active',
    user: {
      id: row.id,
      email: row.email,
      name: row.name,
      role: row.role,
      teamId: row.team_id,
      serviceId: row.service_id,
    },
  };
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
}

export async function endAllSessionsOf(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
