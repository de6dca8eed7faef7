import { sql, type Kysely } from 'kysely';

/**
 * A drawing or a photo of the child's work taken in during a direct-work
 * session is a document on the child's record like any other (the Documents
 * tab lists it, with the same access, deletion by a manager and audit), which
 * also names the session it came from.
 *
 * The link carries the child: a document can only name a session on its own
 * child's record. Only the child's own work or a photograph comes from a session.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE direct_work_sessions ADD CONSTRAINT direct_work_sessions_id_child_key UNIQUE (id, child_id);
    ALTER TABLE documents ADD COLUMN direct_work_session_id uuid;
    ALTER TABLE documents ADD CONSTRAINT documents_direct_work_session_fkey
      FOREIGN KEY (direct_work_session_id, child_id) REFERENCES direct_work_sessions (id, child_id);
    ALTER TABLE documents ADD CONSTRAINT documents_direct_work_kind_check
      CHECK (direct_work_session_id IS NULL OR kind IN ('childs_work', 'photograph'));
    CREATE INDEX documents_direct_work_session_idx ON documents (direct_work_session_id) WHERE direct_work_session_id IS NOT NULL;
  `.execute(db);
}
