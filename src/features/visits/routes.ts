import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.ts';
import { londonDate, type Clock } from '../../platform/clock/clock.ts';
import { dateInputItems } from '../../platform/http/dates.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { requireCaseRecordReader, viewerOf } from '../children/routes.ts';
import type { ChangeResult } from '../timeline/record-change.ts';
import type { Actor } from '../timeline/service.ts';
import { CASE_EVENT_LABELS, dateKey, NOTE_MAX, readCaseEvent, readFrequency, readPlacementTerms, readVisit, REASON_MAX, type Body } from './forms.ts';
import {
  caseEventFormView,
  frequencyChoices,
  frequencyFormView,
  placementTermsFormView,
  recordCaseEvent,
  recordVisit,
  setFrequency,
  setPlacementTerms,
  visitFormView,
  visitsView,
} from './service.ts';

const VIEWS = 'features/visits/views';

const DONE: Record<string, string> = {
  visit: 'Visit recorded. The due dates below take it into account.',
  event: 'Recorded. The due dates below take it into account.',
  frequency: 'Visiting frequency saved.',
  placement: 'Placement details saved.',
};

type Params = { childId: string };
type View = { child: { name: string } } & Record<string, unknown>;

interface FormPage {
  path: string;
  template: string;
  title: string;
  view: (a: Actor) => Promise<View>;
  defaults?: (view: View, query: Record<string, string>) => Body;
  model: (values: Body, errors: FieldErrors, view: View) => Record<string, unknown>;
  save: (a: Actor, body: Body) => Promise<ChangeResult<unknown, View>>;
  done: keyof typeof DONE;
}

const dateItems = (values: Body | undefined, name: string, errors: FieldErrors, stored?: string | null) =>
  dateInputItems(values, name, stored, Boolean(errors[dateKey(name)]));

/** Visits, meetings, reviews and assessments on a child's record, and what is due. */
export async function visitsRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const reader = { preHandler: requireCaseRecordReader };
  const actor = (request: FastifyRequest<{ Params: Params }>): Actor => ({
    db,
    viewer: viewerOf(request),
    context: request.auditContext(),
    childId: request.params.childId,
    today: londonDate(clock.now()),
  });

  app.get<{ Params: Params; Querystring: { done?: string } }>('/children/:childId/visits', reader, async (request, reply) => {
    const view = await visitsView(actor(request));
    return reply.render(`${VIEWS}/visits.njk`, {
      title: `${view.child.name}: visits and due dates`,
      activeTab: 'visits',
      done: request.query.done ? DONE[request.query.done] : undefined,
      ...view,
    });
  });

  function formPage(page: FormPage) {
    const url = `/children/:childId/visits/${page.path}`;
    const render = (view: View, values: Body, errors: FieldErrors) => ({
      title: `${view.child.name}: ${page.title}`,
      activeTab: 'visits',
      heading: page.title,
      ...view,
      values,
      errors,
      ...page.model(values, errors, view),
    });
    app.get<{ Params: Params; Querystring: Record<string, string> }>(url, reader, async (request, reply) => {
      const view = await page.view(actor(request));
      return reply.render(`${VIEWS}/${page.template}`, render(view, page.defaults?.(view, request.query) ?? {}, {}));
    });
    app.post<{ Params: Params }>(url, reader, async (request, reply) => {
      const body = (request.body ?? {}) as Body;
      const result = await page.save(actor(request), body);
      if (result.ok) return reply.redirect(`/children/${request.params.childId}/visits?done=${page.done}`, 303);
      return reply.code(400).render(`${VIEWS}/${page.template}`, render(result.view, body, result.errors));
    });
  }

  formPage({
    path: 'new',
    template: 'visit-form.njk',
    title: 'Record a visit',
    view: (a) => visitFormView(a),
    defaults: (view) => ({ locationPostcode: view.defaultPostcode as string, visitorId: view.defaultVisitorId as string }),
    model: (values, errors) => ({ visitDateItems: dateItems(values, 'visitDate', errors), noteMax: NOTE_MAX, reasonMax: REASON_MAX }),
    save: (a, body) => recordVisit(a, readVisit(body)),
    done: 'visit',
  });

  formPage({
    path: 'events/new',
    template: 'event-form.njk',
    title: 'Record a meeting, review or assessment',
    view: (a) => caseEventFormView(a),
    defaults: (_view, query) => (query.kind && Object.hasOwn(CASE_EVENT_LABELS, query.kind) ? { kind: query.kind } : {}),
    model: (values, errors) => ({
      kindItems: Object.entries(CASE_EVENT_LABELS).map(([value, text]) => ({ value, text })),
      eventDateItems: dateItems(values, 'eventDate', errors),
      noteMax: NOTE_MAX,
    }),
    save: (a, body) => recordCaseEvent(a, readCaseEvent(body)),
    done: 'event',
  });

  formPage({
    path: 'frequency',
    template: 'frequency-form.njk',
    title: 'Set how often the plan says to visit',
    view: (a) => frequencyFormView(a),
    model: (values, errors) => ({ ...frequencyChoices(), fromDateItems: dateItems(values, 'fromDate', errors) }),
    save: (a, body) => setFrequency(a, readFrequency(body)),
    done: 'frequency',
  });

  formPage({
    path: 'placement',
    template: 'placement-terms-form.njk',
    title: 'Placement details for visiting',
    view: (a) => placementTermsFormView(a),
    defaults: (view) => {
      const terms = view.terms as { longTermTo18: boolean; temporaryConnectedPerson: boolean } | null;
      return { terms: [terms?.longTermTo18 ? 'long_term_to_18' : '', terms?.temporaryConnectedPerson ? 'temporary_connected_person' : ''].filter(Boolean) };
    },
    model: (values) => ({ checkedTerms: [values.terms].flat().filter(Boolean).map(String) }),
    save: (a, body) => setPlacementTerms(a, readPlacementTerms(body)),
    done: 'placement',
  });
}
