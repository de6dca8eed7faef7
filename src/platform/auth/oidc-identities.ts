// People's subjects at the council's identity provider: read by sign-in,
// shown and unlinked by administrators.
import type { Db } from '../../db/database.ts';
import { anyOf } from '../db/any-of.ts';

export interface LinkedIdentity {
  id: string;
  issuer: string;
  subject: string;
  linked_at: Date;
  linked_by_email: string | null;
  last_sign_in_at: Date | null;
}

/** The person this subject at this issuer was linked to, if any. */
export async function userIdForSubject(db: Db, issuer: string, subject: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('external_identities')
    .select('user_id')
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .executeTakeFirst();
  return row?.user_id;
}

export async function identitiesOf(db: Db, userId: string): Promise<LinkedIdentity[]> {
  return db
    .selectFrom('external_identities')
    .select(['id', 'issuer', 'subject', 'linked_at', 'linked_by_email', 'last_sign_in_at'])
    .where('user_id', '=', userId)
    .orderBy('linked_at')
    .execute();
}

/** Of these people, those with a linked identity (for the users list). */
export async function peopleWithIdentity(db: Db, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db.selectFrom('external_identities').select('user_id').distinct().where('user_id', '=', anyOf(userIds)).execute();
  return new Set(rows.map((r) => r.user_id));
}

export async function linkIdentity(db: Db, link: { userId: string; issuer: string; subject: string; email: string; at: Date }): Promise<void> {
  await db
    .insertInto('external_identities')
    .values({ user_id: link.userId, issuer: link.issuer, subject: link.subject, linked_at: link.at, linked_by_email: link.email })
    .execute();
}

export async function noteIdentitySignIn(db: Db, issuer: string, subject: string, at: Date): Promise<void> {
  await db.updateTable('external_identities').set({ last_sign_in_at: at }).where('issuer', '=', issuer).where('subject', '=', subject).execute();
}

/** Removes the person's links; returns those removed. */
export async function unlinkIdentities(db: Db, userId: string): Promise<{ issuer: string; subject: string }[]> {
  return db.deleteFrom('external_identities').where('user_id', '=', userId).returning(['issuer', 'subject']).execute();
}
