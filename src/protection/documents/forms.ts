// The upload and delete forms, read with the one form reader. The file itself
// is read by the route (a multipart part) and checked by the service.
import { z } from 'zod';
import type { DocumentKind } from '../../db/schema.ts';
import { choice, dateInput, dateKey, readForm, text, type Body, type FormRead } from '../../platform/http/forms.ts';
import { DOCUMENT_KINDS } from '../../platform/documents/files.ts';

export const TITLE_MAX = 200;
export const REASON_MAX = 1000;

export interface UploadInput {
  title: string;
  documentDate: string;
  kind: DocumentKind;
}
/** The order of the upload form: the file first, as the page shows it. */
export const UPLOAD_FIELDS = ['file', 'title', dateKey('documentDate'), 'kind'];

const uploadForm = z.object({
  title: text({ label: 'Title', max: TITLE_MAX, required: 'Enter a title for the document' }),
  documentDate: dateInput({ label: 'Date of the document', required: true, requiredMessage: 'Enter the date of the document' }),
  kind: choice(DOCUMENT_KINDS, { label: 'Type of document', choose: 'Select the type of document' }),
});

export function readUpload(body: Body): FormRead<UploadInput> {
  return readForm(uploadForm, body);
}

export interface DeleteInput {
  reason: string;
}
export const DELETE_FIELDS = ['reason'];

const deleteForm = z.object({
  reason: text({ label: 'Why the document is being deleted', max: REASON_MAX, required: 'Enter why the document is being deleted' }),
});

export function readDelete(body: Body): FormRead<DeleteInput> {
  return readForm(deleteForm, body);
}
