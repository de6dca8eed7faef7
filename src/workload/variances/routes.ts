import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { ROLES } from '../../platform/access/roles.ts';
import { londonDate, type Clock } from '../../platform/clock/clock.ts';
import { dateInputItems } from '../../platform/http/dates.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { requireRole } from '../../platform/http/web.ts';
import { viewerOf } from '../../platform/record-access/viewer.ts';
import { ACTION_TYPE_LABELS } from './rules.ts';
import { actionForm, addAction, changeActionStatus, measuresPage, registerPage, variancePage, type ActionForm } from './service.ts';

const VIEWS = 'workload/variances/views';

const DONE_MESSAGES: Record<string, string> = {
  'action-added': 'Action added to the plan.',
  'status-changed': 'Action updated.',
  unchanged: 'Nothing was changed.',
};

type Body = Record<string, unknown>;

/** The variance register, a variance and its plan, and promptness measures. Administrators get 403. */
export async function varianceRoutes(app: FastifyInstance, deps: { config: Config; db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const formKey = deps.config.sessionSecret;
  const readers = { preHandler: requireRole(db, ...ROLES.filter((r) => r !== 'system_admin')) };
  const today = () => londonDate(clock.now());
  const changeContext = (request: FastifyRequest) => ({ viewer: viewerOf(request), audit: request.auditContext(), today: today(), now: clock.now() });

  app.get<{ Querystring: Record<string, unknown> }>('/variances', readers, async (request, reply) => {
    return reply.render(`${VIEWS}/register.njk`, { title: 'Variance register', ...(await registerPage(db, viewerOf(request), request.query, today())) });
  });

  app.get<{ Querystring: Record<string, unknown> }>('/variances/measures', readers, async (request, reply) => {
    const page = await measuresPage(db, viewerOf(request), request.query, today());
    return reply.render(`${VIEWS}/measures.njk`, { title: `How promptly variances are acted on: ${page.heading}`, ...page });
  });

  async function renderVariance(request: FastifyRequest<{ Params: { id: string } }>, extra: { done?: string; errors?: FieldErrors }) {
    const page = await variancePage(db, viewerOf(request), request.params.id, today(), clock.now());
    return {
      title: `Variance: ${page.variance.worker_name}, ${page.variance.description}`,
      ...page,
      done: extra.done ? DONE_MESSAGES[extra.done] : undefined,
      errors: extra.errors,
    };
  }

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>('/variances/:id', readers, async (request, reply) => {
    return reply.render(`${VIEWS}/variance.njk`, await renderVariance(request, { done: request.query.done }));
  });

  function actionPage(form: ActionForm, values: Body, errors: FieldErrors) {
    const chosen = new Set([values.childIds].flat().filter((v) => typeof v === 'string'));
    return {
      title: `Add an action: ${form.variance.worker_name}`,
      form,
      values,
      errors,
      typeLabels: ACTION_TYPE_LABELS,
      childItems: form.cases.map((c) => ({ value: c.value, text: c.label, checked: chosen.has(c.value) })),
      ownerItems: [{ value: '', text: 'Choose who will do it' }, ...form.owners.map((o) => ({ value: o.id, text: o.label, selected: values.ownerId === o.id }))],
      dueOnItems: dateInputItems(Object.keys(values).length ? values : undefined, 'dueOn', null, Boolean(errors['dueOn-day'])),
    };
  }

  app.get<{ Params: { id: string } }>('/variances/:id/actions/new', readers, async (request, reply) => {
    const form = await actionForm(db, { ...changeContext(request), formKey }, request.params.id);
    return reply.render(`${VIEWS}/action-new.njk`, actionPage(form, {}, {}));
  });

  app.post<{ Params: { id: string } }>('/variances/:id/actions/new', readers, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const result = await addAction(db, { ...changeContext(request), formKey }, request.params.id, body);
    if (result.ok) return reply.redirect(`/variances/${request.params.id}?done=action-added`, 303);
    return reply.code(400).render(`${VIEWS}/action-new.njk`, actionPage(result.form, body, result.errors));
  });

  app.post<{ Params: { id: string; actionId: string } }>('/variances/:id/actions/:actionId/status', readers, async (request, reply) => {
    const result = await changeActionStatus(db, changeContext(request), request.params.id, request.params.actionId, (request.body ?? {}) as Body);
    if (result.ok) return reply.redirect(`/variances/${request.params.id}?done=${result.changed ? 'status-changed' : 'unchanged'}`, 303);
    return reply.code(400).render(`${VIEWS}/variance.njk`, await renderVariance(request, { errors: result.errors }));
  });
}
