import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AreaDeps } from '../../platform/area.ts';
import { HttpError } from '../../platform/http/errors.ts';
import { dateItems, sentText, type Body } from '../../platform/http/forms.ts';
import { refuseUnstorableInput } from '../../platform/http/input-guard.ts';
import { childRecordSection, type RecordParams } from '../../platform/record-access/record-section.ts';
import { requireCaseRecordReader } from '../../platform/record-access/viewer.ts';
import { readDelete, readUpload, REASON_MAX, TITLE_MAX } from './forms.ts';
import { ALLOWED_WORDS, attachmentDisposition, DOCUMENT_KINDS, downloadName, tooLargeMessage } from './rules.ts';
import { deleteDocument, deleteFormView, documentsView, downloadDocument, uploadDocument, uploadFormView, type SentFile } from './service.ts';

const VIEWS = 'protection/documents/views';

const DONE: Record<string, string> = {
  uploaded: 'Document added.',
  deleted: 'Document deleted. Its entry stays on the list with the reason.',
};

/** The form's fields besides the file: the CSRF token, the title, three date boxes and the type. */
const MAX_FIELDS = 10;

/** The file each upload sent, read from the multipart body before the route runs. */
const sentFiles = new WeakMap<FastifyRequest, SentFile>();

class FileTooLarge extends Error {}

/** The documents on a child's record: the list, upload, download and deletion with a reason. */
export async function documentsRoutes(app: FastifyInstance, deps: AreaDeps) {
  const { reader, actor, formPage } = childRecordSection(app, deps, { name: 'documents', views: VIEWS });
  const maxMb = deps.config.documentMaxMb;
  const maxBytes = maxMb * 1024 * 1024;

  app.get<{ Params: RecordParams; Querystring: { done?: string } }>('/children/:childId/documents', reader, async (request, reply) => {
    const view = await documentsView(actor(request));
    return reply.render(`${VIEWS}/documents.njk`, {
      title: `${view.child.name}: documents`,
      activeTab: 'documents',
      done: request.query.done ? DONE[request.query.done] : undefined,
      ...view,
    });
  });

  const uploadPage = (view: Awaited<ReturnType<typeof uploadFormView>>, values: Body, errors: Record<string, string>) => ({
    title: `${view.child.name}: add a document`,
    activeTab: 'documents',
    ...view,
    values,
    errors,
    documentDateItems: dateItems(values, 'documentDate', errors),
    kindItems: Object.entries(DOCUMENT_KINDS).map(([value, text]) => ({ value, text, checked: sentText(values.kind) === value })),
    titleMax: TITLE_MAX,
    maxMb,
    allowedWords: ALLOWED_WORDS,
  });

  app.get<{ Params: RecordParams }>('/children/:childId/documents/new', reader, async (request, reply) => {
    const view = await uploadFormView(actor(request));
    return reply.render(`${VIEWS}/upload-form.njk`, uploadPage(view, {}, {}));
  });

  // Only this route reads multipart bodies: every other route still refuses
  // them (415) and keeps the application's 1 MiB body limit.
  await app.register(async (upload) => {
    // Before the body is read: a file sent by someone not signed in, or by an administrator, is never taken in.
    upload.addHook('preValidation', async (request, reply) => {
      await requireCaseRecordReader(request, reply);
      if (reply.sent) return reply;
    });
    await upload.register(multipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: maxBytes, files: 1, fields: MAX_FIELDS, parts: MAX_FIELDS + 1, fieldSize: 10_000, headerPairs: 100 },
      async onFile(this: FastifyRequest, part: MultipartFile) {
        const chunks: Buffer[] = [];
        for await (const chunk of part.file) chunks.push(chunk as Buffer);
        if (part.file.truncated) throw new FileTooLarge();
        if (part.fieldname === 'file') sentFiles.set(this, { fileName: part.filename, content: Buffer.concat(chunks) });
      },
    });
    // The fields are parsed only now, after the application's own input guard ran on an empty body: guard them too.
    upload.addHook('preValidation', refuseUnstorableInput);
    upload.setErrorHandler(async (error: Error & { code?: string; statusCode?: number }, request: FastifyRequest<{ Params: RecordParams }>, reply) => {
      if (error instanceof FileTooLarge || error.code === 'FST_REQ_FILE_TOO_LARGE') {
        // The rest of the form is lost with the body, so the form comes back empty, saying why.
        const view = await uploadFormView(actor(request));
        return reply.code(413).render(`${VIEWS}/upload-form.njk`, uploadPage(view, {}, { file: tooLargeMessage(maxMb) }));
      }
      if (error.code?.startsWith('FST_') && error.statusCode === 413) throw new HttpError(413, 'The form sent more than one file or more fields than it has. Go back and try again.');
      throw error;
    });

    upload.post<{ Params: RecordParams }>('/children/:childId/documents/new', reader, async (request, reply) => {
      const body = (request.body ?? {}) as Body;
      const result = await uploadDocument(actor(request), readUpload(body), sentFiles.get(request) ?? null, maxMb);
      if (result.ok) return reply.redirect(`/children/${request.params.childId}/documents?done=uploaded`, 303);
      return reply.code(400).render(`${VIEWS}/upload-form.njk`, uploadPage(result.view, body, result.errors));
    });
  });

  app.get<{ Params: RecordParams }>('/children/:childId/documents/:documentId/download', reader, async (request, reply) => {
    const file = await downloadDocument(actor(request), request.params.documentId!);
    return reply
      .header('Content-Type', file.mediaType === 'text/plain' ? 'text/plain; charset=utf-8' : file.mediaType)
      .header('Content-Disposition', attachmentDisposition(downloadName(file.fileName, file.mediaType)))
      .header('X-Content-Type-Options', 'nosniff')
      .header('Cache-Control', 'no-store')
      .header('Content-Security-Policy', "default-src 'none'; sandbox")
      .send(file.content);
  });

  formPage({
    path: ':documentId/delete',
    template: 'delete-form.njk',
    title: 'Delete a document',
    view: (a, params) => deleteFormView(a, params.documentId!),
    model: () => ({ reasonMax: REASON_MAX }),
    save: (a, params, body) => deleteDocument(a, params.documentId!, readDelete(body)),
    done: 'deleted',
  });
}
