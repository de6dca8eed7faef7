import { sql, type Kysely } from 'kysely';

/**
 * Notifications, continued (docs/notifications.md).
 *
 * `notification_requirements` holds the council's rule for a kind where one
 * was set: with `email_required` a person cannot turn its email off. Without a
 * row, each person chooses.
 *
 * `notifications.detail` is an optional neutral line for the email beside the
 * kind's summary: counts only (the weekly digest's), never a name.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE notification_requirements (
      kind text PRIMARY KEY,
      email_required boolean NOT NULL,
      set_by uuid REFERENCES users (id) ON DELETE SET NULL,
      set_at timestamptz NOT NULL
    );
    ALTER TABLE notifications ADD COLUMN detail text;
  `.execute(db);
}
