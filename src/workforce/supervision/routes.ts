import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.ts';
import { ROLES } from '../../platform/access/roles.ts';
import { londonDate, type Clock } from '../../platform/clock/clock.ts';
import { dateInputItems } from '../../platform/http/dates.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { requireRole } from '../../platform/http/web.ts';
import { requireCaseRecordReader, viewerOf } from '../../platform/record-access/viewer.ts';
import { actionRows, readOversight, readSupervision } from './forms.ts';
import { type Body } from '../../platform/http/forms.ts';
import { KIND_LABELS, WELLBEING_LABELS, type SupervisionSettings } from './rules.ts';
import { changeSettings, EDITABLE_SETTINGS, settingsView } from './settings.ts';
import {
  completeAction,
  oversightView,
  recordOversight,
  recordSupervision,
  supervisionFormView,
  supervisionOverview,
  supervisionRecordView,
  teamSupervisionPage,
  workerSupervisionPage,
  type SupervisionFormView,
  type ObservationsSinceSupervision,
  type WorkloadOnDay,
} from './service.ts';

const VIEWS = 'workforce/supervision/views';

const DONE: Record<string, string> = {
  recorded: 'Supervision recorded. The next supervision date has been worked out from it.',
  'action-done': 'Action marked as done.',
  oversight: 'Management oversight recorded. It is in the child’s chronology.',
};

function first(value: unknown): string | undefined {
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === 'string' ? one : undefined;
}

function formModel(view: SupervisionFormView, values: Body, errors: FieldErrors) {
  const hasValues = Object.keys(values).length > 0;
  return {
    title: `Record supervision with ${view.worker.name}`,
    ...view,
    values,
    errors,
    heldOnItems: dateInputItems(hasValues ? values : undefined, 'heldOn', null, Boolean(errors['heldOn-day'])),
    kindItems: Object.entries(KIND_LABELS).map(([value, text]) => ({ value, text, checked: values.kind === value })),
    wellbeingItems: Object.entries(WELLBEING_LABELS).map(([value, text]) => ({ value, text, checked: values.wellbeing === value })),
    actionRows: actionRows(values, errors).map((row) => ({
      ...row,
      ownerItems: [{ value: '', text: 'Choose who owns it' }, ...view.owners.map((o) => ({ value: o.id, text: o.name, selected: o.id === row.owner }))],
    })),
  };
}

/** One-to-one supervision pages and the team's supervision dashboard (management oversight on a child's record is childOversightRoutes). */
export async function supervisionRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock; workloadOnDay: WorkloadOnDay; observationsSinceSupervision?: ObservationsSinceSupervision }) {
  const { db, clock, workloadOnDay, observationsSinceSupervision } = deps;
  const staff = { preHandler: requireRole(db, ...ROLES.filter((r) => r !== 'system_admin')) };
  const settingsAdmins = { preHandler: requireRole(db, 'head_of_service', 'system_admin') };
  const context = (request: FastifyRequest) => ({ db, viewer: viewerOf(request), audit: request.auditContext(), today: londonDate(clock.now()), workloadOnDay, observationsSinceSupervision });

  app.get('/supervision', staff, async (request, reply) => {
    return reply.render(`${VIEWS}/overview.njk`, { title: 'Supervision', ...(await supervisionOverview(context(request))) });
  });

  app.get<{ Params: { userId: string }; Querystring: Record<string, unknown> }>('/supervision/workers/:userId', staff, async (request, reply) => {
    const page = await workerSupervisionPage(context(request), request.params.userId);
    const done = first(request.query.done);
    return reply.render(`${VIEWS}/worker.njk`, { title: `Supervision: ${page.worker.name}`, done: done ? DONE[done] : undefined, ...page });
  });

  app.get<{ Params: { userId: string } }>('/supervision/workers/:userId/new', staff, async (request, reply) => {
    const view = await supervisionFormView(context(request), request.params.userId);
    const [year, month, day] = londonDate(clock.now()).split('-');
    return reply.render(`${VIEWS}/new.njk`, formModel(view, { 'heldOn-day': String(Number(day)), 'heldOn-month': String(Number(month)), 'heldOn-year': year! }, {}));
  });

  app.post<{ Params: { userId: string } }>('/supervision/workers/:userId/new', staff, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const c = { ...context(request), now: clock.now() };
    const result = await recordSupervision(c, request.params.userId, (owners) => readSupervision(body, c.today, owners));
    if (result.ok) return reply.redirect(`/supervision/records/${result.id}?done=recorded`, 303);
    return reply.code(400).render(`${VIEWS}/new.njk`, formModel(result.view, body, result.errors));
  });

  app.get<{ Params: { supervisionId: string }; Querystring: Record<string, unknown> }>('/supervision/records/:supervisionId', staff, async (request, reply) => {
    const view = await supervisionRecordView(context(request), request.params.supervisionId);
    const done = first(request.query.done);
    return reply.render(`${VIEWS}/record.njk`, {
      title: `Supervision with ${view.record.worker_name}, ${view.record.held_on}`,
      done: done ? DONE[done] : undefined,
      ...view,
    });
  });

  app.post<{ Params: { actionId: string } }>('/supervision/actions/:actionId/done', staff, async (request, reply) => {
    const supervisionId = await completeAction(context(request), request.params.actionId);
    return reply.redirect(`/supervision/records/${supervisionId}?done=action-done`, 303);
  });

  app.get<{ Params: { teamId: string } }>('/supervision/teams/:teamId', staff, async (request, reply) => {
    const page = await teamSupervisionPage(context(request), request.params.teamId);
    return reply.render(`${VIEWS}/team.njk`, { title: `Supervision and oversight: ${page.team.name}`, ...page });
  });

  const settingsForm = (values: Record<string, unknown>, errors: FieldErrors, defaults: SupervisionSettings) => ({
    title: 'Supervision standards',
    values,
    errors,
    fields: EDITABLE_SETTINGS.map((f) => ({ ...f, default: defaults[f.key] })),
  });

  app.get<{ Querystring: Record<string, unknown> }>('/admin/supervision', settingsAdmins, async (request, reply) => {
    const { settings, defaults } = await settingsView(db, viewerOf(request));
    const values = Object.fromEntries(EDITABLE_SETTINGS.map((f) => [f.key, String(settings[f.key])]));
    return reply.render(`${VIEWS}/settings.njk`, { ...settingsForm(values, {}, defaults), done: first(request.query.done) === 'saved' });
  });

  app.post('/admin/supervision', settingsAdmins, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const result = await changeSettings(db, viewerOf(request), request.auditContext(), body);
    if (result.ok) return reply.redirect('/admin/supervision?done=saved', 303);
    const { defaults } = await settingsView(db, viewerOf(request));
    return reply.code(400).render(`${VIEWS}/settings.njk`, settingsForm(body, result.errors, defaults));
  });
}

/**
 * Management oversight on a child's record: the page shows the history to
 * everyone who may open the record, and the form to managers. The child's
 * record owns /children/:childId/... and mounts these.
 */
export async function childOversightRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const reader = { preHandler: requireCaseRecordReader };
  const childActor = (request: FastifyRequest<{ Params: { childId: string } }>) => ({
    db,
    viewer: viewerOf(request),
    context: request.auditContext(),
    childId: request.params.childId,
    today: londonDate(clock.now()),
  });
  const oversightForm = (values: Body, errors: FieldErrors) => ({
    values,
    errors,
    heldOnItems: dateInputItems(Object.keys(values).length ? values : undefined, 'heldOn', null, Boolean(errors['heldOn-day'])),
  });

  app.get<{ Params: { childId: string }; Querystring: Record<string, unknown> }>('/children/:childId/oversight', reader, async (request, reply) => {
    const view = await oversightView(childActor(request));
    const done = first(request.query.done);
    const [year, month, day] = londonDate(clock.now()).split('-');
    return reply.render(`${VIEWS}/oversight.njk`, {
      title: `${view.child.name}: management oversight`,
      activeTab: 'chronology',
      done: done ? DONE[done] : undefined,
      ...view,
      ...oversightForm({ 'heldOn-day': String(Number(day)), 'heldOn-month': String(Number(month)), 'heldOn-year': year! }, {}),
    });
  });

  app.post<{ Params: { childId: string } }>('/children/:childId/oversight', reader, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const a = { ...childActor(request), now: clock.now() };
    const result = await recordOversight(a, readOversight(body, a.today));
    if (result.ok) return reply.redirect(`/children/${a.childId}/oversight?done=oversight`, 303);
    return reply.code(400).render(`${VIEWS}/oversight.njk`, {
      title: `${result.view.child.name}: management oversight`,
      activeTab: 'chronology',
      ...result.view,
      ...oversightForm(body, result.errors),
    });
  });
}
