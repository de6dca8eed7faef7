import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import { ROLES } from '../../platform/access/roles.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { sendCsv } from '../../platform/csv/csv.ts';
import { requireRole } from '../../platform/http/web.ts';
import { readerOf } from '../../platform/record-access/viewer.ts';
import { PERMANENCE_CSV_COLUMNS, permanenceMeasuresCsv, permanenceMeasuresView } from './measures.ts';
import { dateItems, sentText } from '../../platform/http/forms.ts';
import { childRecordSection, type RecordParams } from '../../platform/record-access/record-section.ts';
import { NOTE_MAX, PROVIDER_MAX, readPlan, readStep, readSupport, STEP_NOTE_MAX, WHAT_MAX } from './forms.ts';
import { PLAN_LABELS, STEP_LABELS } from './rules.ts';
import { journeyFormView, permanenceView, planFormView, recordPlan, recordStep, recordSupport } from './service.ts';

const VIEWS = 'care/permanence/views';

const DONE: Record<string, string> = {
  plan: 'Permanence plan recorded.',
  support: 'Support added to the plan for the return home.',
  step: 'Step on the journey home recorded.',
};

/** A looked-after child's plan for permanence and journey home, on the care page of their record: mounted by the child's record, which owns /children/:childId/... */
export async function permanenceRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { reader, actor, formPage } = childRecordSection(app, deps, { name: 'care/permanence', views: VIEWS });
  const onCareTab = { activeTab: 'care' };

  app.get<{ Params: RecordParams; Querystring: { done?: string } }>('/children/:childId/care/permanence', reader, async (request, reply) => {
    const view = await permanenceView(actor(request));
    return reply.render(`${VIEWS}/permanence.njk`, {
      title: `${view.child.name}: permanence`,
      ...onCareTab,
      done: request.query.done ? DONE[request.query.done] : undefined,
      ...view,
    });
  });

  formPage({
    path: 'plan',
    template: 'plan-form.njk',
    title: 'Record the plan for permanence',
    view: (a) => planFormView(a),
    model: (values, errors, view) => ({
      ...onCareTab,
      planItems: Object.entries(PLAN_LABELS).map(([value, text]) => ({ value, text, checked: sentText(values.plan) === value })),
      parallelItems: [{ value: '', text: 'No parallel plan' }, ...Object.entries(PLAN_LABELS).map(([value, text]) => ({ value, text, selected: sentText(values.parallelPlan) === value }))],
      reviewSelect: [{ value: '', text: 'Not agreed at a review' }, ...(view.reviewItems as { value: string; text: string }[]).map((r) => ({ ...r, selected: sentText(values.reviewId) === r.value }))],
      decidedOnItems: dateItems(values, 'decidedOn', errors),
      noteMax: NOTE_MAX,
    }),
    save: (a, _params, body) => recordPlan(a, readPlan(body)),
    done: 'plan',
  });

  formPage({
    path: 'support',
    template: 'support-form.njk',
    title: 'Add support for the return home',
    view: (a) => journeyFormView(a),
    model: (values, errors) => ({ ...onCareTab, fromDateItems: dateItems(values, 'fromDate', errors), toDateItems: dateItems(values, 'toDate', errors), whatMax: WHAT_MAX, providerMax: PROVIDER_MAX }),
    save: (a, _params, body) => recordSupport(a, readSupport(body)),
    done: 'support',
  });

  formPage({
    path: 'step',
    template: 'step-form.njk',
    title: 'Record a step on the journey home',
    view: (a) => journeyFormView(a),
    model: (values, errors) => ({
      ...onCareTab,
      stepItems: Object.entries(STEP_LABELS).map(([value, text]) => ({ value, text, checked: sentText(values.step) === value })),
      stepDateItems: dateItems(values, 'stepDate', errors),
      noteMax: STEP_NOTE_MAX,
    }),
    save: (a, _params, body) => recordStep(a, readStep(body)),
    done: 'step',
  });
}

/** Permanence across the council: the plan by the second review, the plans in force, leaving care to permanence and support for the return home, by team, for everyone who reads case records (as /care/health); the figures as CSV. */
export async function permanenceMeasuresRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const readers = { preHandler: requireRole(deps.db, ...ROLES.filter((r) => r !== 'system_admin')) };
  const reader = readerOf(deps.db, deps.clock);
  app.get<{ Querystring: { year?: string } }>('/care/permanence', readers, async (request, reply) => {
    const view = await permanenceMeasuresView(reader(request), request.query.year);
    return reply.render(`${VIEWS}/measures.njk`, { title: `Permanence for children in care: ${view.yearLabel.toLowerCase()}`, ...view });
  });
  app.get<{ Querystring: { year?: string } }>('/care/permanence.csv', readers, async (request, reply) => {
    const { year, rows } = await permanenceMeasuresCsv(reader(request), request.query.year);
    return sendCsv(reply, `children-in-care-permanence-${year}.csv`, rows, { columns: PERMANENCE_CSV_COLUMNS });
  });
}
