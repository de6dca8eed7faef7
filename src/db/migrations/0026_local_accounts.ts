import { sql, type Kysely } from 'kysely';

/**
 * Local accounts without administrators handling passwords (docs/identity.md).
 *
 * `email_outbox` holds every email the service sends: written in the
 * transaction of the event that causes it, under a unique `idempotency_key`
 * for that event (so the same event never queues a second message), and sent
 * by the outbox worker, which claims a row for a short lease before sending
 * so two app instances never send one message both. `attempts`,
 * `next_attempt_at` and `last_error` record retries with backoff;
 * `failed_at` is set when the worker gives up, so an administrator sees it.
 * Once sent, the body and link are erased: a sent message's link stays only
 * in the person's mailbox.
 *
 * `account_tokens` are the single-use links of invitations and password
 * resets, stored only as a SHA-256 hash of the token.
 *
 * An invited person has no password until they choose one, so
 * `users.password_hash` may now be empty.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE email_outbox (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      idempotency_key text NOT NULL UNIQUE,
      recipient text NOT NULL,
      user_id uuid REFERENCES users (id) ON DELETE SET NULL,
      subject text NOT NULL,
      body_text text,
      link text,
      created_at timestamptz NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      claimed_until timestamptz,
      last_error text,
      sent_at timestamptz,
      failed_at timestamptz,
      CHECK (sent_at IS NULL OR failed_at IS NULL)
    );
    CREATE INDEX email_outbox_due_idx ON email_outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;

    CREATE TABLE account_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      purpose text NOT NULL CHECK (purpose IN ('invitation', 'reset')),
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL,
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      revoked_at timestamptz
    );
    CREATE INDEX account_tokens_user_idx ON account_tokens (user_id, purpose);

    ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;
  `.execute(db);
}
