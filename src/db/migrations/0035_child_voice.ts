import { sql, type Kysely } from 'kysely';

/**
 * The child's own link: a worker makes a time-limited link for one child and
 * one scenario, and the child tells their worker how things are through it.
 *
 * `child_voice_links` keeps only the SHA-256 hash of the link's token, the
 * scenario, the easy-read choice, the language, when it stops working and how
 * many times it may be used. A link is withdrawn, never deleted.
 *
 * `child_voice_statements` holds what the child sent, in their own words,
 * with their answer on the picture scale and whether they said they are
 * worried or feel unsafe; and, once recorded, the worker's response to it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE child_voice_links (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      scenario text NOT NULL CHECK (scenario IN ('review', 'placement', 'education', 'missing', 'good_news')),
      easy_read boolean NOT NULL,
      language text NOT NULL DEFAULT 'en' CHECK (language ~ '^[a-z]{2,3}$'),
      token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      uses_allowed integer NOT NULL DEFAULT 1 CHECK (uses_allowed BETWEEN 1 AND 10),
      uses_made integer NOT NULL DEFAULT 0 CHECK (uses_made >= 0 AND uses_made <= uses_allowed),
      withdrawn_at timestamptz,
      withdrawn_by uuid REFERENCES users(id),
      CHECK (expires_at > created_at),
      CHECK ((withdrawn_at IS NULL) = (withdrawn_by IS NULL))
    );
    CREATE INDEX child_voice_links_child_idx ON child_voice_links (child_id, created_at);

    CREATE TABLE child_voice_statements (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      link_id uuid NOT NULL REFERENCES child_voice_links(id),
      scenario text NOT NULL CHECK (scenario IN ('review', 'placement', 'education', 'missing', 'good_news')),
      feeling text NOT NULL CHECK (feeling IN ('great', 'good', 'okay', 'not_good', 'bad')),
      words text NOT NULL CHECK (length(words) BETWEEN 1 AND 4000),
      worried boolean NOT NULL,
      received_at timestamptz NOT NULL,
      response text CHECK (length(response) BETWEEN 1 AND 2000),
      responded_on date,
      responded_by uuid REFERENCES users(id),
      responded_at timestamptz,
      CHECK ((response IS NULL) = (responded_on IS NULL) AND (response IS NULL) = (responded_by IS NULL) AND (response IS NULL) = (responded_at IS NULL))
    );
    CREATE INDEX child_voice_statements_child_idx ON child_voice_statements (child_id, received_at);
    CREATE INDEX child_voice_statements_received_idx ON child_voice_statements (received_at);
    CREATE INDEX child_voice_statements_worried_idx ON child_voice_statements (child_id) WHERE worried AND response IS NULL;
  `.execute(db);
}
