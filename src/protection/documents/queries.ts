import type { Db } from '../../db/database.ts';

/** A child's documents, newest first by the date on them, with who uploaded and who deleted; never their bytes. */
export function listDocuments(db: Db, childId: string) {
  return db
    .selectFrom('documents')
    .innerJoin('users as uploader', 'uploader.id', 'documents.uploaded_by')
    .leftJoin('users as deleter', 'deleter.id', 'documents.deleted_by')
    .select([
      'documents.id',
      'documents.title',
      'documents.document_date',
      'documents.kind',
      'documents.file_name',
      'documents.media_type',
      'documents.size_bytes',
      'documents.uploaded_at',
      'uploader.name as uploader_name',
      'documents.deleted_on',
      'documents.deleted_reason',
      'deleter.name as deleter_name',
    ])
    .where('documents.child_id', '=', childId)
    .orderBy('documents.document_date', 'desc')
    .orderBy('documents.uploaded_at', 'desc')
    .execute();
}

export type DocumentRow = Awaited<ReturnType<typeof listDocuments>>[number];

/** One of this child's documents, locked until the transaction ends; undefined when it is not theirs. */
export function lockDocument(db: Db, childId: string, documentId: string) {
  return db
    .selectFrom('documents')
    .select(['id', 'title', 'deleted_on'])
    .where('id', '=', documentId)
    .where('child_id', '=', childId)
    .forUpdate()
    .executeTakeFirst();
}

/** Records the deletion and removes the bytes; the entry stays. */
export async function markDeleted(db: Db, documentId: string, deletion: { deleted_on: string; deleted_by: string; deleted_at: Date; deleted_reason: string }) {
  await db.updateTable('documents').set(deletion).where('id', '=', documentId).execute();
  await db.deleteFrom('document_contents').where('document_id', '=', documentId).execute();
}
