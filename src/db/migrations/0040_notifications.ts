import { sql, type Kysely } from 'kysely';

/**
 * Notifications (docs/notifications.md): what the service tells a person
 * without their looking, in the service and, if they choose, by email.
 *
 * `notifications` holds one row per person per event, under a key naming the
 * event (`variance-opened:<id>`), so the same event never notifies anyone
 * twice. It is written in the transaction of the event. `email_queued_at` is
 * set when its email was put in the outbox (a job does that, so the event's
 * transaction needs no mail settings); `read_at` when the person opened it.
 *
 * `notification_choices` holds a person's choice of email for a kind, where
 * they have made one; without a row the kind's default applies.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE notifications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      kind text NOT NULL,
      event_key text NOT NULL,
      link text NOT NULL,
      created_at timestamptz NOT NULL,
      email_queued_at timestamptz,
      read_at timestamptz,
      UNIQUE (user_id, event_key)
    );
    CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC);
    CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
    CREATE INDEX notifications_email_idx ON notifications (created_at) WHERE email_queued_at IS NULL;

    CREATE TABLE notification_choices (
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      kind text NOT NULL,
      by_email boolean NOT NULL,
      PRIMARY KEY (user_id, kind)
    );
  `.execute(db);
}
