import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { sentText } from '../../platform/http/forms.ts';
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
