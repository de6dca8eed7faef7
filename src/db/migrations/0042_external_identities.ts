import { sql, type Kysely } from 'kysely';

/**
 * Single sign-on through the council's identity provider (OpenID Connect,
 * docs/identity.md).
 *
 * `external_identities` links a person to the provider's stable subject: the
 * issuer and the `sub` of their ID token, recorded at their first sign-in
 * (matched then by a verified email address, when the council allows it).
 * One subject names one person, and a person has at most one subject per
 * provider. Never matched by a name.
 *
 * `oidc_sign_in_attempts` holds what a sign-in started in one browser must
 * find when it comes back from the provider: the state, the nonce and the PKCE
 * verifier, keyed by the SHA-256 hash of a random value kept in an httpOnly
 * cookie of that browser. It is deleted as the callback is read, so the same
 * callback (the same code and state) can never be used twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE external_identities (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      issuer text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 500),
      subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
      linked_at timestamptz NOT NULL,
      linked_by_email text,
      last_sign_in_at timestamptz,
      CONSTRAINT external_identities_subject_unique UNIQUE (issuer, subject),
      CONSTRAINT external_identities_one_per_issuer UNIQUE (user_id, issuer)
    );

    CREATE TABLE oidc_sign_in_attempts (
      browser_hash text PRIMARY KEY,
      state text NOT NULL,
      nonce text NOT NULL,
      code_verifier text NOT NULL,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX oidc_sign_in_attempts_created_idx ON oidc_sign_in_attempts (created_at);
  `.execute(db);
}
