import type { FastifyInstance } from 'fastify';
import type { AreaDeps } from '../../platform/area.ts';
import { DOCUMENT_KINDS, PICTURE_WORDS, tooLargeMessage } from '../../platform/documents/files.ts';
import { fileFormRoutes, sentFilesOf } from '../../platform/documents/transfer.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { dateItems, sentText, type Body } from '../../platform/http/forms.ts';
import { requireRole } from '../../platform/http/web.ts';
import { childRecordSection, type RecordParams } from '../../platform/record-access/record-section.ts';
import { readerOf } from '../../platform/record-access/viewer.ts';
import { ANALYSIS_MAX, CHANGED_MAX, readAttach, readSession, TOOK_PART_MAX, WORDS_MAX } from './forms.ts';
import { ATTACHMENT_KINDS, MAX_ATTACHMENTS, USE_READERS } from './rules.ts';
import { attachFormView, attachToSession, recordSession, sessionFormView, sessionsView, usePage, type AttachFormView, type SessionFormView } from './service.ts';

const VIEWS = 'direct-work/sessions/views';

const DONE: Record<string, string> = { recorded: 'Direct-work session recorded.', attached: 'Added to the session. They are on the Documents tab too.' };

const NEW_TITLE = 'Record a direct-work session';
const ATTACH_TITLE = 'Add a drawing or photo to a session';

/** The session form's fields besides the files: the CSRF token, three date boxes, the tool, four texts and what the files are. */
const MAX_FIELDS = 12;

/** The Direct work tab of a child's record: the sessions and the form recording one. */
export async function sessionsRoutes(app: FastifyInstance, deps: AreaDeps) {
  const { reader, actor } = childRecordSection(app, deps, { name: 'direct-work', views: VIEWS });

  app.get<{ Params: RecordParams; Querystring: { done?: string } }>('/children/:childId/direct-work', reader, async (request, reply) => {
    const view = await sessionsView(actor(request), deps.config.neglectProfileMonths);
    return reply.render(`${VIEWS}/sessions.njk`, {
      title: `${view.child.name}: direct work`,
      activeTab: 'direct-work',
      done: request.query.done ? DONE[request.query.done] : undefined,
      ...view,
    });
  });

  const maxMb = deps.config.documentMaxMb;
  const kindItems = (values: Body) => ATTACHMENT_KINDS.map((value) => ({ value, text: DOCUMENT_KINDS[value], checked: (sentText(values.attachmentKind) || 'childs_work') === value }));
  const fileModel = { maxMb, maxFiles: MAX_ATTACHMENTS, pictureWords: PICTURE_WORDS };

  const sessionPage = (view: SessionFormView, values: Body, errors: FieldErrors) => {
    const chosen = sentText(values.toolId);
    const item = (t: SessionFormView['tools'][number]) => ({ value: t.id, text: t.text, selected: chosen === t.id });
    return {
      title: `${view.child.name}: ${NEW_TITLE}`,
      activeTab: 'direct-work',
      heading: NEW_TITLE,
      ...view,
      values,
      errors,
      sessionDateItems: dateItems(values, 'sessionDate', errors),
      toolItems: [{ value: '', text: 'Choose a tool' }, ...view.tools.filter((t) => t.suits).map(item), ...view.tools.filter((t) => !t.suits).map(item)],
      kindItems: kindItems(values),
      tookPartMax: TOOK_PART_MAX,
      wordsMax: WORDS_MAX,
      analysisMax: ANALYSIS_MAX,
      changedMax: CHANGED_MAX,
      ...fileModel,
    };
  };

  const attachPage = (view: AttachFormView, values: Body, errors: FieldErrors) => ({
    title: `${view.child.name}: ${ATTACH_TITLE}`,
    activeTab: 'direct-work',
    heading: ATTACH_TITLE,
    ...view,
    values,
    errors,
    kindItems: kindItems(values),
    ...fileModel,
  });

  app.get<{ Params: RecordParams }>('/children/:childId/direct-work/new', reader, async (request, reply) => {
    return reply.render(`${VIEWS}/session-form.njk`, sessionPage(await sessionFormView(actor(request)), {}, {}));
  });

  app.get<{ Params: RecordParams }>('/children/:childId/direct-work/:sessionId/attachments', reader, async (request, reply) => {
    return reply.render(`${VIEWS}/attach-form.njk`, attachPage(await attachFormView(actor(request), request.params.sessionId!), {}, {}));
  });

  // The forms taking drawings and photos read multipart bodies; a file over the limit brings the form back, empty, saying so.
  await fileFormRoutes(
    app,
    {
      maxMb,
      fileField: 'files',
      maxFiles: MAX_ATTACHMENTS,
      maxFields: MAX_FIELDS,
      tooLarge: async (request, reply) => {
        const errors = { files: tooLargeMessage(maxMb) };
        const sessionId = request.params.sessionId;
        if (sessionId) return reply.render(`${VIEWS}/attach-form.njk`, attachPage(await attachFormView(actor(request), sessionId), {}, errors));
        return reply.render(`${VIEWS}/session-form.njk`, sessionPage(await sessionFormView(actor(request)), {}, errors));
      },
    },
    (upload) => {
      upload.post<{ Params: RecordParams }>('/children/:childId/direct-work/new', reader, async (request, reply) => {
        const body = (request.body ?? {}) as Body;
        const result = await recordSession(actor(request), readSession(body), sentFilesOf(request), maxMb);
        if (result.ok) return reply.redirect(`/children/${request.params.childId}/direct-work?done=recorded`, 303);
        return reply.code(400).render(`${VIEWS}/session-form.njk`, sessionPage(result.view, body, result.errors));
      });
      upload.post<{ Params: RecordParams }>('/children/:childId/direct-work/:sessionId/attachments', reader, async (request, reply) => {
        const body = (request.body ?? {}) as Body;
        const result = await attachToSession(actor(request), request.params.sessionId!, readAttach(body), sentFilesOf(request), maxMb);
        if (result.ok) return reply.redirect(`/children/${request.params.childId}/direct-work?done=attached#session-${request.params.sessionId}`, 303);
        return reply.code(400).render(`${VIEWS}/attach-form.njk`, attachPage(result.view, body, result.errors));
      });
    },
  );
}

/** The count of each tool's use, for managers. */
export async function useRoutes(app: FastifyInstance, deps: AreaDeps) {
  const managers = { preHandler: requireRole(deps.db, ...USE_READERS) };
  const readerFor = readerOf(deps.db, deps.clock);
  app.get('/direct-work/use', managers, async (request, reply) => {
    const page = await usePage(readerFor(request));
    return reply.render(`${VIEWS}/use.njk`, { title: 'Direct-work tools: use', ...page });
  });
}
