import { sql, type Kysely } from 'kysely';

/**
 * The documents kept on a child's record: letters, reports, plans, minutes,
 * court documents, the child's own drawings and letters, photographs.
 *
 * `documents` holds what the list shows: the title, the date on the document,
 * its kind (a local list), the file's original name, the media type found
 * from its content (never from its name or what the browser said) and its
 * size, who uploaded it and when. A deletion is a recorded decision: the row
 * stays with who deleted it, when and why, and its bytes are removed.
 *
 * `document_contents` holds the bytes, one row per document, apart from the
 * list so no list query reads them. They live in the database (bytea), so a
 * database backup holds the documents with the rest of the record.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE documents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      child_id uuid NOT NULL REFERENCES people(id),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      document_date date NOT NULL,
      kind text NOT NULL CHECK (kind IN ('letter', 'report', 'plan', 'assessment', 'minutes', 'court', 'childs_work', 'photograph', 'other')),
      file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
      media_type text NOT NULL CHECK (length(media_type) BETWEEN 1 AND 200),
      size_bytes integer NOT NULL CHECK (size_bytes > 0),
      uploaded_by uuid NOT NULL REFERENCES users(id),
      uploaded_at timestamptz NOT NULL,
      deleted_on date,
      deleted_by uuid REFERENCES users(id),
      deleted_at timestamptz,
      deleted_reason text CHECK (length(deleted_reason) BETWEEN 1 AND 1000),
      CHECK ((deleted_on IS NULL) = (deleted_by IS NULL)),
      CHECK ((deleted_on IS NULL) = (deleted_at IS NULL)),
      CHECK ((deleted_on IS NULL) = (deleted_reason IS NULL))
    );
    CREATE INDEX documents_child_idx ON documents (child_id);

    CREATE TABLE document_contents (
      document_id uuid PRIMARY KEY REFERENCES documents(id),
      content bytea NOT NULL
    );
  `.execute(db);
}
