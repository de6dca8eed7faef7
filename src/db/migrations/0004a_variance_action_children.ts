import { sql, type Kysely } from 'kysely';

/**
 * The children an action plan names for reallocation. Kept as ids, so each
 * reader sees a child's name only if the record access policy lets them see
 * that child; the variance's history never carries names.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE variance_action_children (
      action_id uuid NOT NULL REFERENCES variance_actions(id),
      child_id uuid NOT NULL REFERENCES people(id),
      PRIMARY KEY (action_id, child_id)
    );
    CREATE INDEX variance_action_children_child_idx ON variance_action_children (child_id);
  `.execute(db);
}
