import { sql, type Kysely } from 'kysely';

/**
 * A second factor for local accounts: one-time codes from an authenticator
 * app (TOTP, RFC 6238), with recovery codes for a lost phone
 * (docs/identity.md).
 *
 * `users.totp_secret` is the shared secret (base32), kept from the moment a
 * person starts setting the app up; `totp_confirmed_at` is set once they
 * have typed a correct code from it, and only then is a code asked for at
 * sign-in. `totp_last_step` is the 30-second step of the last code accepted,
 * so a code seen over someone's shoulder cannot be used again.
 *
 * `recovery_codes` are single-use, stored as a SHA-256 hash.
 *
 * `second_factor_roles` lists the roles a system administrator requires it
 * of: such a person sets it up at their next sign-in before anything else.
 *
 * `sessions.stage` marks a session whose password was right but which is not
 * yet signed in: it awaits a code ('second-factor') or the setting up of the
 * app ('enrol'). `code_failures` counts wrong codes in it; too many end it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE users
      ADD COLUMN totp_secret text,
      ADD COLUMN totp_confirmed_at timestamptz,
      ADD COLUMN totp_last_step bigint,
      ADD CONSTRAINT users_totp_confirmed_has_secret CHECK (totp_confirmed_at IS NULL OR totp_secret IS NOT NULL);

    CREATE TABLE recovery_codes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      code_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL,
      used_at timestamptz
    );
    CREATE INDEX recovery_codes_user_idx ON recovery_codes (user_id);

    CREATE TABLE second_factor_roles (
      role text PRIMARY KEY,
      required_since timestamptz NOT NULL,
      set_by uuid REFERENCES users (id) ON DELETE SET NULL
    );

    ALTER TABLE sessions
      ADD COLUMN stage text CHECK (stage IN ('second-factor', 'enrol')),
      ADD COLUMN code_failures integer NOT NULL DEFAULT 0;
  `.execute(db);
}
