import type { FastifyInstance } from 'fastify';
import type { AreaDeps } from '../../platform/area.ts';
import { ALLOWED_WORDS, DOCUMENT_KINDS, tooLargeMessage } from '../../platform/documents/files.ts';
import { fileFormRoutes, sendDocument, sentFilesOf } from '../../platform/documents/transfer.ts';
import { dateItems, sentText, type Body } from '../../platform/http/forms.ts';
import { childRecordSection, type RecordParams } from '../../platform/record-access/record-section.ts';
import { readDelete, readUpload, REASON_MAX, TITLE_MAX } from './forms.ts';
import { deleteDocument, deleteFormView, documentsView, downloadDocument, uploadDocument, uploadFormView } from './service.ts';

const VIEWS = 'protection/documents/views';

const DONE: Record<string, string> = {
  uploaded: 'Document added.',
  deleted: 'Document deleted. Its entry stays on the list with the reason.',
};

/** The form's fields besides the file: the CSRF token, the title, three date boxes and the type. */
const MAX_FIELDS = 10;

/** The documents on a child's record: the list, upload, download and deletion with a reason. */
export async function documentsRoutes(app: FastifyInstance, deps: AreaDeps) {
  const { reader, actor, formPage } = childRecordSection(app, deps, { name: 'documents', views: VIEWS });
  const maxMb = deps.config.documentMaxMb;

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

  await fileFormRoutes(
    app,
    {
      maxMb,
      fileField: 'file',
      maxFiles: 1,
      maxFields: MAX_FIELDS,
      tooLarge: async (request, reply) => reply.render(`${VIEWS}/upload-form.njk`, uploadPage(await uploadFormView(actor(request)), {}, { file: tooLargeMessage(maxMb) })),
    },
    (upload) => {
      upload.post<{ Params: RecordParams }>('/children/:childId/documents/new', reader, async (request, reply) => {
        const body = (request.body ?? {}) as Body;
        const result = await uploadDocument(actor(request), readUpload(body), sentFilesOf(request)[0] ?? null, maxMb);
        if (result.ok) return reply.redirect(`/children/${request.params.childId}/documents?done=uploaded`, 303);
        return reply.code(400).render(`${VIEWS}/upload-form.njk`, uploadPage(result.view, body, result.errors));
      });
    },
  );

  app.get<{ Params: RecordParams }>('/children/:childId/documents/:documentId/download', reader, async (request, reply) => sendDocument(reply, await downloadDocument(actor(request), request.params.documentId!)));

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
