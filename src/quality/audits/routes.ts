import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AreaDeps } from '../../platform/area.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { dateItems, sentText, type Body } from '../../platform/http/forms.ts';
import { readerOf, requireCaseRecordReader } from '../../platform/record-access/viewer.ts';
import { ACTION_MAX, QUESTIONS_MAX, REASONS_MAX, WHY_MAX } from './forms.ts';
import { AREAS } from './rules.ts';
import {
  actionForDone,
  actionsPage,
  addAction,
  assignModerator,
  assignProgramme,
  auditPage,
  auditsHome,
  changeTool,
  markDone,
  programmePage,
  reflect,
  reflectionPage,
  saveAudit,
  saveModerationGrades,
  settleAudit,
  toolFormValues,
  toolPage,
  type Context,
} from './service.ts';

const VIEWS = 'quality/audits/views';

const DONE: Record<string, string> = {
  tool: 'The audit tool is saved as a new version. Audits already assigned keep the version they started with.',
  saved: 'Draft saved.',
  submitted: 'Audit submitted. Your access to the child’s record for this audit has ended.',
  moderator: 'Moderator asked. They can open the child’s record until their moderation is done.',
  moderated: 'Moderation submitted.',
  settled: 'The final grade is recorded.',
  reflected: 'Your reflection is recorded.',
  action: 'Learning action set.',
  done: 'Learning action marked as done.',
};

type Id = { Params: { auditId: string }; Querystring: { done?: string } };
const body = (request: FastifyRequest) => (request.body ?? {}) as Body;

/** Case audits: the tool, the month's programme, the audits themselves and the learning actions from them. */
export async function auditRoutes(app: FastifyInstance, deps: AreaDeps) {
  const { db, clock, config } = deps;
  const readers = { preHandler: requireCaseRecordReader };
  const reader = readerOf(db, clock);
  const context = (request: FastifyRequest): Context => ({ ...reader(request), moderationPercent: config.auditModerationPercent });
  const done = (key: string | undefined) => (key ? DONE[key] : undefined);

  app.get<{ Querystring: { done?: string } }>('/quality/audits', readers, async (request, reply) => {
    return reply.render(`${VIEWS}/audits.njk`, { title: 'Case audits', ...(await auditsHome(context(request))), done: done(request.query.done) });
  });

  // ---- the tool
  app.get<{ Querystring: { done?: string } }>('/quality/audits/tool', readers, async (request, reply) => {
    return reply.render(`${VIEWS}/tool.njk`, { title: 'The audit tool', ...(await toolPage(context(request))), done: done(request.query.done) });
  });
  const toolForm = (values: Body, errors: FieldErrors) => ({
    title: 'Change the audit tool',
    values,
    errors,
    areas: Object.entries(AREAS).map(([value, text]) => ({ value, text })),
    questionsMax: QUESTIONS_MAX,
  });
  app.get('/quality/audits/tool/edit', readers, async (request, reply) => {
    return reply.render(`${VIEWS}/tool-form.njk`, toolForm(await toolFormValues(context(request)), {}));
  });
  app.post('/quality/audits/tool/edit', readers, async (request, reply) => {
    const result = await changeTool(context(request), body(request));
    if (result.ok) return reply.redirect('/quality/audits/tool?done=tool', 303);
    return reply.code(400).render(`${VIEWS}/tool-form.njk`, toolForm(body(request), result.errors));
  });

  // ---- the programme
  const programme = async (request: FastifyRequest, query: Body, sent: Body, errors: FieldErrors) => {
    const page = await programmePage(context(request), query, sent, errors);
    return { title: 'Choose the month’s case audits', ...page, dueDateItems: dateItems(sent, 'dueDate', errors) };
  };
  app.get<{ Querystring: Body }>('/quality/audits/programme', readers, async (request, reply) => {
    return reply.render(`${VIEWS}/programme.njk`, await programme(request, request.query, {}, {}));
  });
  app.post('/quality/audits/programme', readers, async (request, reply) => {
    const sent = body(request);
    const result = await assignProgramme(context(request), sent);
    if (result.ok) return reply.redirect(`/quality/audits/programme?month=${result.month}&assigned=${result.count}`, 303);
    return reply.code(400).render(`${VIEWS}/programme.njk`, await programme(request, sent, sent, result.errors));
  });

  // ---- learning actions
  app.get<{ Querystring: { done?: string } }>('/quality/actions', readers, async (request, reply) => {
    return reply.render(`${VIEWS}/actions.njk`, { title: 'Learning actions', ...(await actionsPage(context(request))), done: done(request.query.done) });
  });
  type ActionId = { Params: { learningActionId: string } };
  app.get<ActionId>('/quality/actions/:learningActionId/done', readers, async (request, reply) => {
    const action = await actionForDone(context(request), request.params.learningActionId);
    return reply.render(`${VIEWS}/action-done.njk`, { title: 'Mark a learning action done', action, values: {}, errors: {}, doneOnItems: dateItems({}, 'doneOn', {}), noteMax: 2000 });
  });
  app.post<ActionId>('/quality/actions/:learningActionId/done', readers, async (request, reply) => {
    const c = context(request);
    const result = await markDone(c, request.params.learningActionId, body(request));
    if (result.ok) return reply.redirect('/quality/actions?done=done', 303);
    const action = await actionForDone(c, request.params.learningActionId);
    return reply.code(400).render(`${VIEWS}/action-done.njk`, { title: 'Mark a learning action done', action, values: body(request), errors: result.errors, doneOnItems: dateItems(body(request), 'doneOn', result.errors), noteMax: 2000 });
  });

  // ---- one audit
  const auditView = async (request: FastifyRequest<Id>, sent?: { body: Body; errors: FieldErrors; form: 'audit' | 'moderation' | 'settle' | 'moderator' | 'action' }) => {
    const page = await auditPage(context(request), request.params.auditId, sent && (sent.form === 'audit' || sent.form === 'moderation') ? { body: sent.body, errors: sent.errors, form: sent.form } : undefined);
    const errors = sent?.errors ?? {};
    const values = sent && !['audit', 'moderation'].includes(sent.form) ? sent.body : {};
    return {
      title: `Case audit: ${page.audit.child_name}`,
      ...page,
      errors,
      values,
      commentMax: 2000,
      reasonsMax: REASONS_MAX,
      actionMax: ACTION_MAX,
      dueDateItems: dateItems(values, 'dueDate', errors),
      ownerItems: page.ownerItems.map((o) => ({ ...o, selected: sentText(values.ownerId) === o.value })),
      courseItems: page.courseItems.map((o) => ({ ...o, selected: sentText(values.courseId) === o.value })),
      moderatorItems: page.moderatorItems.map((o) => ({ ...o, selected: sentText(values.moderatorId) === o.value })),
      settleItems: page.settleItems.map((o) => ({ ...o, checked: sentText(values.grade) === o.value })),
      done: done(request.query.done),
    };
  };
  app.get<Id>('/quality/audits/:auditId', readers, async (request, reply) => reply.render(`${VIEWS}/audit.njk`, await auditView(request)));
  app.post<Id>('/quality/audits/:auditId', readers, async (request, reply) => {
    const submit = sentText(body(request).action) === 'submit';
    const result = await saveAudit(context(request), request.params.auditId, body(request), submit);
    if (result.ok) return reply.redirect(`/quality/audits/${request.params.auditId}?done=${result.submitted ? 'submitted' : 'saved'}`, 303);
    return reply.code(400).render(`${VIEWS}/audit.njk`, await auditView(request, { body: body(request), errors: result.errors, form: 'audit' }));
  });
  app.post<Id>('/quality/audits/:auditId/moderation', readers, async (request, reply) => {
    const submit = sentText(body(request).action) === 'submit';
    const result = await saveModerationGrades(context(request), request.params.auditId, body(request), submit);
    if (result.ok) return reply.redirect(`/quality/audits/${request.params.auditId}?done=${result.submitted ? 'moderated' : 'saved'}`, 303);
    return reply.code(400).render(`${VIEWS}/audit.njk`, await auditView(request, { body: body(request), errors: result.errors, form: 'moderation' }));
  });
  app.post<Id>('/quality/audits/:auditId/moderator', readers, async (request, reply) => {
    const result = await assignModerator(context(request), request.params.auditId, body(request));
    if (result.ok) return reply.redirect(`/quality/audits/${request.params.auditId}?done=moderator`, 303);
    return reply.code(400).render(`${VIEWS}/audit.njk`, await auditView(request, { body: body(request), errors: result.errors, form: 'moderator' }));
  });
  app.post<Id>('/quality/audits/:auditId/settle', readers, async (request, reply) => {
    const result = await settleAudit(context(request), request.params.auditId, body(request));
    if (result.ok) return reply.redirect(`/quality/audits/${request.params.auditId}?done=settled`, 303);
    return reply.code(400).render(`${VIEWS}/audit.njk`, await auditView(request, { body: body(request), errors: result.errors, form: 'settle' }));
  });
  app.post<Id>('/quality/audits/:auditId/actions', readers, async (request, reply) => {
    const result = await addAction(context(request), request.params.auditId, body(request));
    if (result.ok) return reply.redirect(`/quality/audits/${request.params.auditId}?done=action`, 303);
    return reply.code(400).render(`${VIEWS}/audit.njk`, await auditView(request, { body: body(request), errors: result.errors, form: 'action' }));
  });

  // ---- reflection
  const reflectionView = async (request: FastifyRequest<Id>, values?: Body, errors: FieldErrors = {}) => {
    const page = await reflectionPage(context(request), request.params.auditId);
    const v = values ?? page.values;
    return {
      title: 'Reflect on the audit',
      ...page,
      values: v,
      errors,
      whyMax: WHY_MAX,
      agreesItems: [
        { value: 'yes', text: 'Yes, I agree with the audit', checked: sentText((v as Body).agrees) === 'yes' },
        { value: 'no', text: 'No, I disagree', checked: sentText((v as Body).agrees) === 'no' },
      ],
    };
  };
  app.get<Id>('/quality/audits/:auditId/reflection', readers, async (request, reply) => reply.render(`${VIEWS}/reflection.njk`, await reflectionView(request)));
  app.post<Id>('/quality/audits/:auditId/reflection', readers, async (request, reply) => {
    const result = await reflect(context(request), request.params.auditId, body(request));
    if (result.ok) return reply.redirect(`/quality/audits/${request.params.auditId}?done=reflected`, 303);
    return reply.code(400).render(`${VIEWS}/reflection.njk`, await reflectionView(request, body(request), result.errors));
  });
}
