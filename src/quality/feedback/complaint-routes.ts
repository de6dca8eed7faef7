import type { FastifyInstance } from 'fastify';
import type { AreaDeps } from '../../platform/area.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { dateItems, sentText, type Body } from '../../platform/http/forms.ts';
import { readerOf, requireCaseRecordReader } from '../../platform/record-access/viewer.ts';
import type { Query } from '../observations/period.ts';
import { SUMMARY_MAX } from './complaint-forms.ts';
import { complaintsPage, entryFormView, entryPage, escalateComplaint, extendComplaint, logEntry, respondToComplaint, type EntryFormView, type EntryPage } from './complaint-service.ts';
import { OUTCOMES, SOURCES, STAGES } from './rules.ts';

const VIEWS = 'quality/feedback/views';

const DONE: Record<string, string> = {
  logged: 'Logged.',
  extended: 'The timescale is extended.',
  responded: 'The response is recorded.',
  escalated: 'The complaint has moved to its next stage. Its timescale starts from the day the request was received.',
};

type EntryParams = { complaintId: string };

function entryForm(view: EntryFormView, values: Body, errors: FieldErrors) {
  const chosen = (name: string) => sentText(values[name]);
  const team = Object.keys(values).length ? chosen('teamId') : (view.ownTeamId ?? '');
  return {
    values,
    errors,
    summaryMax: SUMMARY_MAX,
    kindItems: [
      { value: 'compliment', text: 'Compliment', checked: chosen('kind') === 'compliment' },
      { value: 'complaint', text: 'Complaint', checked: chosen('kind') === 'complaint' },
    ],
    teamItems: [{ value: '', text: 'Choose a team' }, ...view.teams.map((t) => ({ value: t.id, text: t.name, selected: team === t.id }))],
    receivedOnItems: dateItems(values, 'receivedOn', errors),
    fromItems: Object.entries(SOURCES).map(([value, text]) => ({ value, text, checked: chosen('fromCategory') === value })),
    stageItems: ([1, 2, 3] as const).map((s) => ({ value: String(s), text: STAGES[s].name, checked: chosen('stage') === String(s) })),
  };
}

function entryModel(page: EntryPage, values: Body, errors: FieldErrors) {
  const chosen = (name: string) => sentText(values[name]);
  return {
    ...page,
    values,
    errors,
    respondedOnItems: dateItems(values, 'respondedOn', errors),
    requestedOnItems: dateItems(values, 'requestedOn', errors),
    outcomeItems: Object.entries(OUTCOMES).map(([value, text]) => ({ value, text, checked: chosen('outcome') === value })),
  };
}

/** The compliments and complaints log. */
export async function complaintsRoutes(app: FastifyInstance, deps: AreaDeps) {
  const readers = { preHandler: requireCaseRecordReader };
  const reader = readerOf(deps.db, deps.clock);

  app.get<{ Querystring: Query }>('/quality/complaints', readers, async (request, reply) => {
    const page = await complaintsPage(reader(request), request.query);
    return reply.code(Object.keys(page.filter.errors).length ? 400 : 200).render(`${VIEWS}/complaints.njk`, { title: 'Compliments and complaints', errors: page.filter.errors, ...page });
  });

  app.get('/quality/complaints/new', readers, async (request, reply) => {
    const view = await entryFormView(reader(request));
    return reply.render(`${VIEWS}/complaint-form.njk`, { title: 'Log a compliment or complaint', ...entryForm(view, {}, {}) });
  });

  app.post('/quality/complaints/new', readers, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const result = await logEntry(reader(request), body);
    if (result.ok) return reply.redirect(`/quality/complaints/${result.id}?done=logged`, 303);
    return reply.code(400).render(`${VIEWS}/complaint-form.njk`, { title: 'Log a compliment or complaint', ...entryForm(result.view, body, result.errors) });
  });

  app.get<{ Params: EntryParams; Querystring: { done?: string } }>('/quality/complaints/:complaintId', readers, async (request, reply) => {
    const page = await entryPage(reader(request), request.params.complaintId);
    return reply.render(`${VIEWS}/complaint.njk`, { title: page.entry.kindText, done: request.query.done ? DONE[request.query.done] : undefined, ...entryModel(page, {}, {}) });
  });

  app.post<{ Params: EntryParams }>('/quality/complaints/:complaintId/extend', readers, async (request, reply) => {
    await extendComplaint(reader(request), request.params.complaintId);
    return reply.redirect(`/quality/complaints/${request.params.complaintId}?done=extended`, 303);
  });

  app.post<{ Params: EntryParams }>('/quality/complaints/:complaintId/response', readers, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const result = await respondToComplaint(reader(request), request.params.complaintId, body);
    if (result.ok) return reply.redirect(`/quality/complaints/${result.id}?done=responded`, 303);
    return reply.code(400).render(`${VIEWS}/complaint.njk`, { title: result.page.entry.kindText, ...entryModel(result.page, body, result.errors) });
  });

  app.post<{ Params: EntryParams }>('/quality/complaints/:complaintId/next-stage', readers, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const result = await escalateComplaint(reader(request), request.params.complaintId, body);
    if (result.ok) return reply.redirect(`/quality/complaints/${result.id}?done=escalated`, 303);
    return reply.code(400).render(`${VIEWS}/complaint.njk`, { title: result.page.entry.kindText, ...entryModel(result.page, body, result.errors) });
  });
}
