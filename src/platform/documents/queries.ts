import type { Db } from '../../db/database.ts';
import type { DocumentKind } from '../../db/schema.ts';

export interface NewDocument {
  child_id: string;
  title: string;
  document_date: string;
  kind: DocumentKind;
  file_name: string;
  media_type: string;
  size_bytes: number;
  uploaded_by: string;
  uploaded_at: Date;
  /** The direct-work session it came from, if any. */
  direct_work_session_id?: string | null;
}

/** Stores a document and its bytes. */
export async function insertDocument(db: Db, document: NewDocument, content: Uint8Array) {
  const created = await db.insertInto('documents').values(document).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('document_contents').values({ document_id: created.id, content }).execute();
  return created;
}

/** A document of this child's that is not deleted, with its bytes. */
export function findContent(db: Db, childId: string, documentId: string) {
  return db
    .selectFrom('documents')
    .innerJoin('document_contents', 'document_contents.document_id', 'documents.id')
    .select(['documents.id', 'documents.file_name', 'documents.media_type', 'documents.size_bytes', 'document_contents.content'])
    .where('documents.id', '=', documentId)
    .where('documents.child_id', '=', childId)
    .where('documents.deleted_on', 'is', null)
    .executeTakeFirst();
}
