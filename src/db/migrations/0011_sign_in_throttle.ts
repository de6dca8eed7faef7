import { sql, type Kysely } from 'kysely';

/**
 * Counters of unsuccessful sign-ins, shared by every app instance, for
 * slowing repeated failures instead of locking accounts (see docs/access.md,
 * "Signing in").
 *
 * A person's account keeps its own counter in `users` (so an administrator's
 * "unlock" clears it); `sign_in_throttle` holds the counters of each client
 * address and of email addresses that belong to no account, so an unknown
 * email address is slowed exactly as a real one is. `locked_until` on
 * `users`, and `wait_until` here, are the time before which no password is
 * checked.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE sign_in_throttle (
      kind text NOT NULL CHECK (kind IN ('email', 'address')),
      key text NOT NULL,
      failures integer NOT NULL DEFAULT 0,
      last_failure_at timestamptz,
      wait_until timestamptz,
      PRIMARY KEY (kind, key)
    );
    CREATE INDEX sign_in_throttle_last_failure_idx ON sign_in_throttle (last_failure_at);
    ALTER TABLE users ADD COLUMN last_failed_sign_in_at timestamptz;
  `.execute(db);
}

