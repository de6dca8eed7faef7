import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import { ROLES } from '../../platform/access/roles.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { sendCsv } from '../../platform/csv/csv.ts';
import { sentText } from '../../platform/http/forms.ts';
import { requireRole } from '../../platform/http/web.ts';
import { readerOf } from '../../platform/record-access/viewer.ts';
import { HEALTH_CSV_COLUMNS, healthMeasuresCsv, healthMeasuresView } from './measures.ts';
import { childRecordSection, type RecordParams } from '../../platform/record-access/record-section.ts';
import { readHealthYear } from './forms.ts';
import { SDQ_MAX, SDQ_MIN, SDQ_REASONS } from './rules.ts';
import { healthFormView, healthView, healthYearDefaults, recordHealthYear, type HealthData } from './service.ts';

const VIEWS = 'care/health/views';

const DONE: Record<string, string> = {
  year: 'Health and wellbeing saved for the year.',
};

const yesNoItems = (value: unknown) => [
  { value: 'yes', text: 'Yes', checked: sentText(value) === 'yes' },
  { value: 'no', text: 'No', checked: sentText(value) === 'no' },
];

/** A looked-after child's health and wellbeing in each year to 31 March (SSDA903 OC2), on the care page of their record. */
export async function healthRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { reader, actor, formPage } = childRecordSection(app, deps, { name: 'care/health', views: VIEWS });

  app.get<{ Params: RecordParams; Querystring: { done?: string } }>('/children/:childId/care/health', reader, async (request, reply) => {
    const view = await healthView(actor(request));
    return reply.render(`${VIEWS}/health.njk`, {
      title: `${view.child.name}: health and wellbeing each year`,
      activeTab: 'care/health',
      done: request.query.done ? DONE[request.query.done] : undefined,
      ...view,
    });
  });

  formPage({
    path: 'record',
    template: 'health-form.njk',
    title: 'Record health and wellbeing for a year',
    view: (a) => healthFormView(a),
    defaults: (view, query) => healthYearDefaults(view as unknown as HealthData, query.year),
    model: (values, _errors, view) => ({
      yearItems: [
        { value: '', text: 'Select a year' },
        ...(view as unknown as HealthData).recordable.map((r) => ({
          value: String(r.year),
          text: `${r.label}${r.recorded ? ' (recorded)' : ''}${r.inCohort ? '' : ' (not in the return)'}`,
          selected: sentText(values.yearEnding) === String(r.year),
        })),
      ],
      sdqReasonItems: [{ value: '', text: 'There is a score' }, ...Object.entries(SDQ_REASONS).map(([value, text]) => ({ value, text, selected: sentText(values.sdqReason) === value }))],
      sdqMin: SDQ_MIN,
      sdqMax: SDQ_MAX,
      convictedItems: yesNoItems(values.convicted),
      healthCheckItems: yesNoItems(values.healthCheck),
      immunisationsItems: yesNoItems(values.immunisations),
      teethCheckItems: yesNoItems(values.teethCheck),
      healthAssessmentItems: yesNoItems(values.healthAssessment),
      substanceMisuseItems: yesNoItems(values.substanceMisuse),
      interventionReceivedItems: yesNoItems(values.interventionReceived),
      interventionOfferedItems: yesNoItems(values.interventionOffered),
    }),
    save: (a, _params, body) => recordHealthYear(a, readHealthYear(body)),
    done: 'year',
  });
}

/** Health and wellbeing across the council: the OC2 measures for a year to 31 March, by team, for everyone who reads case records; the figures as CSV. */
export async function healthMeasuresRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const readers = { preHandler: requireRole(deps.db, ...ROLES.filter((r) => r !== 'system_admin')) };
  const reader = readerOf(deps.db, deps.clock);
  app.get<{ Querystring: { year?: string } }>('/care/health', readers, async (request, reply) => {
    const view = await healthMeasuresView(reader(request), request.query.year);
    return reply.render(`${VIEWS}/measures.njk`, { title: `Health and wellbeing of children in care: ${view.yearLabel.toLowerCase()}`, ...view });
  });
  app.get<{ Querystring: { year?: string } }>('/care/health.csv', readers, async (request, reply) => {
    const { year, rows } = await healthMeasuresCsv(reader(request), request.query.year);
    return sendCsv(reply, `children-in-care-health-${year}.csv`, rows, { columns: HEALTH_CSV_COLUMNS });
  });
}
