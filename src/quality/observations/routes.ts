import type { FastifyInstance } from 'fastify';
import type { AreaDeps } from '../../platform/area.ts';
import { dateItems, sentText, type Body } from '../../platform/http/forms.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { requireRole } from '../../platform/http/web.ts';
import { readerOf, requireCaseRecordReader } from '../../platform/record-access/viewer.ts';
import { DETAIL_MAX, NOTES_MAX } from './forms.ts';
import type { Query } from './period.ts';
import { GRADES, OBSERVERS, SETTINGS } from './rules.ts';
import { observationFormView, observationPage, observationsPage, recordObservation, reflect, reflectionFormView, type ObservationFormView } from './service.ts';

const VIEWS = 'quality/observations/views';

const DONE: Record<string, string> = {
  recorded: 'Observation recorded. The worker can now add their reflection.',
  reflected: 'Your reflection is saved.',
};

type ObservationParams = { observationId: string };

function formModel(view: ObservationFormView, values: Body, errors: FieldErrors) {
  const chosen = (name: string) => sentText(values[name]);
  return {
    view,
    values,
    errors,
    workerItems: [{ value: '', text: 'Choose a worker' }, ...view.workers.map((w) => ({ value: w.id, text: w.text }))],
    observedOnItems: dateItems(values, 'observedOn', errors),
    settingItems: Object.entries(SETTINGS).map(([value, text]) => ({ value, text, checked: chosen('setting') === value })),
    childItems: [{ value: '', text: 'No child' }, ...view.children.map((c) => ({ value: c.id, text: c.text, selected: chosen('childId') === c.id }))],
    courseItems: [{ value: '', text: 'None' }, ...view.courses.map((c) => ({ value: c.id, text: c.text, selected: chosen('courseId') === c.id }))],
    gradeItems: [...Object.entries(GRADES).map(([value, text]) => ({ value, text, checked: chosen('grade') === value })), { divider: 'or' }, { value: 'none', text: 'Not graded', checked: chosen('grade') === 'none' }],
    detailMax: DETAIL_MAX,
    notesMax: NOTES_MAX,
  };
}

/** Observations of practice: the lists, recording one, reading one, and the worker's reflection. */
export async function observationsRoutes(app: FastifyInstance, deps: AreaDeps) {
  const readers = { preHandler: requireCaseRecordReader };
  const observers = { preHandler: requireRole(deps.db, ...OBSERVERS) };
  const reader = readerOf(deps.db, deps.clock);

  app.get<{ Querystring: Query }>('/quality/observations', readers, async (request, reply) => {
    const page = await observationsPage(reader(request), request.query);
    return reply.code(Object.keys(page.filter.errors).length ? 400 : 200).render(`${VIEWS}/observations.njk`, { title: page.worker ? `Observations: ${page.worker.name}` : 'Observations of practice', errors: page.filter.errors, query: request.query, ...page });
  });

  app.get<{ Querystring: { worker?: string } }>('/quality/observations/new', observers, async (request, reply) => {
    const view = await observationFormView(reader(request), request.query.worker || undefined);
    return reply.render(`${VIEWS}/observation-form.njk`, { title: 'Record an observation of practice', ...formModel(view, {}, {}) });
  });

  app.post('/quality/observations/new', observers, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const result = await recordObservation(reader(request), body);
    if (result.ok) return reply.redirect(`/quality/observations/${result.id}?done=recorded`, 303);
    return reply.code(400).render(`${VIEWS}/observation-form.njk`, { title: 'Record an observation of practice', ...formModel(result.view, body, result.errors) });
  });

  app.get<{ Params: ObservationParams; Querystring: { done?: string } }>('/quality/observations/:observationId', readers, async (request, reply) => {
    const page = await observationPage(reader(request), request.params.observationId);
    return reply.render(`${VIEWS}/observation.njk`, { title: `Observation of ${page.observation.workerName}’s practice`, done: request.query.done ? DONE[request.query.done] : undefined, ...page });
  });

  app.get<{ Params: ObservationParams }>('/quality/observations/:observationId/reflection', readers, async (request, reply) => {
    const view = await reflectionFormView(reader(request), request.params.observationId);
    return reply.render(`${VIEWS}/reflection.njk`, { title: 'Your reflection', view, values: { reflection: view.reflection }, errors: {}, notesMax: NOTES_MAX });
  });

  app.post<{ Params: ObservationParams }>('/quality/observations/:observationId/reflection', readers, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const result = await reflect(reader(request), request.params.observationId, body);
    if (result.ok) return reply.redirect(`/quality/observations/${request.params.observationId}?done=reflected`, 303);
    return reply.code(400).render(`${VIEWS}/reflection.njk`, { title: 'Your reflection', view: result.view, values: body, errors: result.errors, notesMax: NOTES_MAX });
  });
}
