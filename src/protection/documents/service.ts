import type { Db } from '../../db/database.ts';
import { isUuid, type Viewer } from '../../platform/access/policy.ts';
import { formatDate } from '../../platform/calendar/dates.ts';
import { londonDate } from '../../platform/clock/clock.ts';
import { RecordNotFound } from '../../platform/http/errors.ts';
import { dateKey, orderErrors, type FormRead } from '../../platform/http/forms.ts';
import { lockChild } from '../../platform/record-access/child-dates.ts';
import { withChildRecord } from '../../platform/record-access/record-access.ts';
import { changeChildRecord, NotPermitted, readChildRecord, refuse } from '../../platform/record-access/record-change.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import type { Actor } from '../../platform/record-access/viewer.ts';
import { DELETE_FIELDS, UPLOAD_FIELDS, type DeleteInput, type UploadInput } from './forms.ts';
import { checkSentFile, describeSize, DOCUMENT_KINDS, isNoFile, keptFileName, typeWords, type SentFile } from '../../platform/documents/files.ts';
import { findContent, insertDocument } from '../../platform/documents/queries.ts';
import { listDocuments, lockDocument, markDeleted, type DocumentRow } from './queries.ts';
import { DELETERS, deletedText, documentDateProblem, UPLOADERS } from './rules.ts';

function mayUpload(viewer: Viewer): void {
  if (!UPLOADERS.includes(viewer.role)) {
    throw new NotPermitted('Documents are added by the child’s practitioners and managers.', `role ${viewer.role} does not add documents`);
  }
}

function mayDelete(viewer: Viewer): void {
  if (!DELETERS.includes(viewer.role)) {
    throw new NotPermitted('A document is deleted by a manager, who records why. Ask your manager if a document should be removed.', `role ${viewer.role} does not delete documents`);
  }
}

function presentDocument(d: DocumentRow, childId: string, mayDeleteHere: boolean) {
  const deleted = d.deleted_on !== null;
  return {
    id: d.id,
    title: d.title,
    kindText: DOCUMENT_KINDS[d.kind],
    dateText: formatDate(d.document_date),
    uploadedText: `${d.uploader_name}, ${formatDate(londonDate(d.uploaded_at))}`,
    sizeText: describeSize(d.size_bytes),
    typeText: typeWords(d.media_type),
    deleted,
    deletedText: deleted ? deletedText({ deleted_on: d.deleted_on!, deleter_name: d.deleter_name ?? 'someone', deleted_reason: d.deleted_reason! }) : null,
    downloadHref: deleted ? null : `/children/${childId}/documents/${d.id}/download`,
    deleteHref: deleted || !mayDeleteHere ? null : `/children/${childId}/documents/${d.id}/delete`,
  };
}

async function documentsData(trx: Db, a: Actor) {
  const [child, documents] = await Promise.all([childHeaderView(trx, a.childId, a.today), listDocuments(trx, a.childId)]);
  const mayDeleteHere = DELETERS.includes(a.viewer.role);
  return {
    child,
    documents: documents.map((d) => presentDocument(d, a.childId, mayDeleteHere)),
    mayUpload: UPLOADERS.includes(a.viewer.role),
  };
}

/** The child's documents: title, type, date, who uploaded them and their size, and the deleted ones with why. */
export async function documentsView(a: Actor) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.documents', (trx) => documentsData(trx, a));
}

export async function uploadFormView(a: Actor) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.document-upload-form', async (trx) => {
    const data = await documentsData(trx, a);
    mayUpload(a.viewer);
    return data;
  });
}

/**
 * Adds a document to the child's record: the file's type is found from its
 * content and must be one the record keeps; the title, the date on it (not in
 * the future) and its type are required. The bytes and the entry are stored
 * together or not at all.
 */
export async function uploadDocument(a: Actor, read: FormRead<UploadInput>, file: SentFile | null, maxMb: number) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.document.upload', async (trx, _access, name) => {
    mayUpload(a.viewer);
    await lockChild(trx, a.childId);
    const data = await documentsData(trx, a);
    const errors = { ...read.errors };
    const v = read.values;
    let mediaType: string | null = null;
    if (!file || isNoFile(file)) errors.file = 'Select a file';
    else {
      const checked = await checkSentFile(file, maxMb);
      if ('error' in checked) errors.file = checked.error;
      else mediaType = checked.mediaType;
    }
    const dateField = dateKey('documentDate');
    if (v.documentDate && !errors[dateField]) {
      const problem = documentDateProblem(v.documentDate, a.today);
      if (problem) errors[dateField] = problem;
    }
    if (Object.keys(errors).length > 0 || !file || !mediaType || !v.title || !v.documentDate || !v.kind) return refuse(orderErrors(errors, UPLOAD_FIELDS), data);
    const created = await insertDocument(
      trx,
      {
        child_id: a.childId,
        title: v.title,
        document_date: v.documentDate,
        kind: v.kind,
        file_name: keptFileName(file.fileName),
        media_type: mediaType,
        size_bytes: file.content.length,
        uploaded_by: a.viewer.id,
        uploaded_at: a.context.at,
      },
      file.content,
    );
    name('document', created.id);
    return created;
  });
}

/**
 * A document's bytes for download, read in the same transaction as its audit
 * row. A document of another child, a deleted one or one that does not exist
 * answers 404.
 */
export async function downloadDocument(a: Actor, documentId: string) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.document.download', async (trx, _access, name) => {
    name('document', documentId);
    const found = isUuid(documentId) ? await findContent(trx, a.childId, documentId) : undefined;
    if (!found) throw new RecordNotFound('document', documentId);
    return { fileName: found.file_name, mediaType: found.media_type, content: Buffer.from(found.content.buffer, found.content.byteOffset, found.content.byteLength) };
  });
}

async function deleteData(trx: Db, a: Actor, documentId: string) {
  const data = await documentsData(trx, a);
  const document = data.documents.find((d) => d.id === documentId);
  if (!document) throw new RecordNotFound('document', documentId);
  return { ...data, document };
}

export async function deleteFormView(a: Actor, documentId: string) {
  return readChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.document-delete-form', async (trx, _access, name) => {
    name('document', documentId);
    const data = await deleteData(trx, a, documentId);
    mayDelete(a.viewer);
    return data;
  });
}

/** Deletes a document with a written reason: the bytes are removed, the entry stays with who deleted it, when and why. */
export async function deleteDocument(a: Actor, documentId: string, read: FormRead<DeleteInput>) {
  return changeChildRecord(a.db, a.viewer, a.context, a.childId, 'child.document.delete', async (trx, _access, name) => {
    mayDelete(a.viewer);
    name('document', documentId);
    const locked = isUuid(documentId) ? await lockDocument(trx, a.childId, documentId) : undefined;
    if (!locked) throw new RecordNotFound('document', documentId);
    const data = await deleteData(trx, a, documentId);
    const errors = { ...read.errors };
    if (locked.deleted_on) errors.reason = `This document was already deleted on ${formatDate(locked.deleted_on)}`;
    if (Object.keys(errors).length > 0 || !read.values.reason) return refuse(orderErrors(errors, DELETE_FIELDS), data);
    await markDeleted(trx, documentId, { deleted_on: a.today, deleted_by: a.viewer.id, deleted_at: a.context.at, deleted_reason: read.values.reason });
    return { id: documentId };
  });
}

// --- For the chronology -------------------------------------------------------------------------------

/** Each document added and deleted, as chronology entries. */
export async function documentsChronology(db: Db, childId: string) {
  const documents = await listDocuments(db, childId);
  const entries: { date: string; what: string; detail: string | null }[] = [];
  for (const d of documents) {
    entries.push({ date: londonDate(d.uploaded_at), what: `Document added: ${d.title}`, detail: `${DOCUMENT_KINDS[d.kind]} dated ${formatDate(d.document_date)}, added by ${d.uploader_name}` });
    if (d.deleted_on) entries.push({ date: d.deleted_on, what: `Document deleted: ${d.title}`, detail: `By ${d.deleter_name ?? 'someone'} because ${d.deleted_reason}` });
  }
  return entries;
}
