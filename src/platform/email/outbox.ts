import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/**
 * The email outbox: every message the service sends is queued here in the
 * transaction of the event that causes it, and sent later by the outbox
 * worker (worker.ts). Each event names its message with an idempotency key
 * (for example `invitation:<token id>`), unique in the table, so the same
 * event never queues, and so never sends, a second message.
 *
 * Emails are about accounts only and never contain a child's name or
 * details: callers pass a neutral subject and text.
 */
export interface QueuedEmail {
  /** Unique per event: a second message with the same key is not queued. */
  idempotencyKey: string;
  to: string;
  userId: string | null;
  /** Neutral: shown to administrators on the outbox page. */
  subject: string;
  text: string;
  /** The one link in the message, shown to administrators while no mail server is configured. */
  link: string | null;
}

/** Queues a message; false when a message for this event was queued already. */
export async function queueEmail(db: Db, email: QueuedEmail, now: Date): Promise<boolean> {
  const inserted = await db
    .insertInto('email_outbox')
    .values({
      idempotency_key: email.idempotencyKey,
      recipient: email.to,
      user_id: email.userId,
      subject: email.subject,
      body_text: email.text,
      link: email.link,
      created_at: now,
      next_attempt_at: now,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** A message the worker has claimed to send. */
export interface ClaimedEmail {
  id: string;
  recipient: string;
  subject: string;
  body_text: string | null;
  attempts: number;
}

/**
 * Claims up to `limit` messages due at `now` for `leaseMs`, counting the
 * attempt: another instance's worker skips a claimed message until its lease
 * runs out, so each message has one sender at a time. A short statement, not
 * a transaction held while mail is sent: the embedded database's one
 * connection is never held up by a slow mail server.
 */
export async function claimDueEmails(db: Db, now: Date, limit: number, leaseMs: number): Promise<ClaimedEmail[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const result = await sql<ClaimedEmail>`
    UPDATE email_outbox SET claimed_until = ${leaseUntil}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM email_outbox
      WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ${now}
        AND (claimed_until IS NULL OR claimed_until <= ${now})
      ORDER BY next_attempt_at, created_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, recipient, subject, body_text, attempts`.execute(db);
  return result.rows;
}

/** Sent: the body and link are erased, so the link stays only in the person's mailbox. */
export async function markSent(db: Db, id: string, now: Date): Promise<void> {
  await db
    .updateTable('email_outbox')
    .set({ sent_at: now, body_text: null, link: null, claimed_until: null, last_error: null })
    .where('id', '=', id)
    .execute();
}

/** Not sent: tried again at `retryAt`, or given up (null) and shown to administrators as failed. */
export async function markNotSent(db: Db, id: string, error: string, now: Date, retryAt: Date | null): Promise<void> {
  await db
    .updateTable('email_outbox')
    .set(retryAt ? { next_attempt_at: retryAt, last_error: error, claimed_until: null } : { failed_at: now, last_error: error, claimed_until: null })
    .where('id', '=', id)
    .execute();
}

/** The messages not yet sent, failed first, for the administrators' outbox page: never the body. */
export async function unsentEmails(db: Db, limit = 200) {
  return db
    .selectFrom('email_outbox')
    .select(['id', 'recipient', 'subject', 'link', 'created_at', 'attempts', 'next_attempt_at', 'last_error', 'failed_at'])
    .where('sent_at', 'is', null)
    .orderBy(sql`failed_at IS NULL`)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

/** A failed message gets a fresh set of tries from now; false when it was not a failed message. */
export async function retryFailedEmail(db: Db, id: string, now: Date): Promise<{ recipient: string; subject: string } | undefined> {
  return db
    .updateTable('email_outbox')
    .set({ failed_at: null, attempts: 0, next_attempt_at: now, claimed_until: null })
    .where('id', '=', id)
    .where('failed_at', 'is not', null)
    .where('sent_at', 'is', null)
    .returning(['recipient', 'subject'])
    .executeTakeFirst();
}
