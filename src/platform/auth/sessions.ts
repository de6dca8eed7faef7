import type { Db } from '../../db/database.ts';
import type { Role, SessionStage } from '../../db/schema.ts';
import { londonDate } from '../clock/clock.ts';
import { unreadCountColumn } from '../notifications/notifications.ts';
import { hashToken, randomToken } from './tokens.ts';

/**
 * A leaver: someone whose leaving date in the workforce records has come
 * (from the start of that day, London time). Like a disabled account, a
 * leaver's sessions end and they cannot sign in or use a link to choose a
 * password. Clearing the leaving date (someone re-employed) restores access.
 */
export function hasLeft(leftOn: string | null | undefined, now: Date): boolean {
  return Boolean(leftOn && leftOn <= londonDate(now));
}

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  teamId: string | null;
  serviceId: string | null;
  /** Granted the returns administrator permission (platform/access/returns.ts decides what it allows). */
  returnsAdministrator: boolean;
}

/** The users columns a signed-in user (CurrentUser) is read from; a person's record starts with them too. */
export const CURRENT_USER_COLUMNS = [
  'users.id',
  'users.email',
  'users.name',
  'users.role',
  'users.team_id',
  'users.service_id',
  'users.returns_administrator',
] as const;

export interface SessionTimeouts {
  idleMinutes: number;
  absoluteHours: number;
}

/**
 * Starts a new session (a new token every sign-in) and returns the cookie
 * value. A session with a stage is not signed in yet: it awaits a one-time
 * code, or the setting up of the app that gives them.
 */
export async function startSession(db: Db, userId: string, now: Date, stage: SessionStage | null = null): Promise<string> {
  const token = randomToken();
  await db
    .insertInto('sessions')
    .values({ token_hash: hashToken(token), user_id: userId, created_at: now, last_seen_at: now, stage })
    .execute();
  return token;
}

/** How long a right password keeps the way open to the code (or to setting the app up) before it must be typed again. */
export const AWAITING_MINUTES = 15;

export type SessionLookup =
  | { status: 'active'; user: CurrentUser; /** Only when asked for (`withUnreadCount`). */ unreadNotifications?: number }
  | { status: 'awaiting'; stage: SessionStage; user: CurrentUser }
  | { status: 'expired'; userId: string }
  | { status: 'none' };

/**
 * Finds the signed-in user for a cookie. An idle or too-old session is deleted
 * and reported as expired; a disabled user's or a leaver's sessions all end.
 */
export async function resumeSession(db: Db, token: string, now: Date, timeouts: SessionTimeouts, options: { withUnreadCount?: boolean } = {}): Promise<SessionLookup> {
  const tokenHash = hashToken(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('staff_records', 'staff_records.user_id', 'users.id')
    .select(['sessions.created_at', 'sessions.last_seen_at', 'sessions.stage', ...CURRENT_USER_COLUMNS, 'users.disabled_at', 'staff_records.left_on'])
    .$if(options.withUnreadCount === true, (query) => query.select((eb) => unreadCountColumn(eb)))
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return { status: 'none' };
  const idleLimit = row.last_seen_at.getTime() + timeouts.idleMinutes * 60_000;
  const absoluteLimit = row.created_at.getTime() + timeouts.absoluteHours * 3_600_000;
  if (row.disabled_at || hasLeft(row.left_on, now)) {
    // Access has ended: every session of theirs goes, not only this one.
    await endAllSessionsOf(db, row.id);
    return { status: 'expired', userId: row.id };
  }
  const awaitingTooLong = row.stage !== null && now.getTime() >= row.created_at.getTime() + AWAITING_MINUTES * 60_000;
  if (now.getTime() >= idleLimit || now.getTime() >= absoluteLimit || awaitingTooLong) {
    await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    return { status: 'expired', userId: row.id };
  }
  // Touch at most once a minute: a page of requests costs one write, not many.
  if (now.getTime() - row.last_seen_at.getTime() > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute();
  }
  const user = { id: row.id, email: row.email, name: row.name, role: row.role, teamId: row.team_id, serviceId: row.service_id, returnsAdministrator: row.returns_administrator };
  if (row.stage) return { status: 'awaiting', stage: row.stage, user };
  return options.withUnreadCount ? { status: 'active', user, unreadNotifications: Number(row.unread_notifications ?? 0) } : { status: 'active', user };
}

export async function endSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
}

/** Ends every session of the person; returns how many there were. */
export async function endAllSessionsOf(db: Db, userId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
