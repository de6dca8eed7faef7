import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import { ROLES } from '../../db/schema.ts';
import { readsCaseRecords } from '../../platform/access/policy.ts';
import { londonDate, type Clock } from '../../platform/clock/clock.ts';
import { sendCsv } from '../../platform/csv/csv.ts';
import { requireRole } from '../../platform/http/web.ts';
import { viewerOf } from '../../platform/record-access/viewer.ts';
import { CSV_COLUMNS, leaverMeasuresCsv, leaverMeasuresView } from './measures.ts';
import { dateItems } from '../../platform/http/forms.ts';
import { childRecordSection, type RecordParams } from '../../platform/record-access/record-section.ts';
import { codeOptions } from '../../reference/codes.ts';
import { ACCOMMODATION_KINDS, AGES, readOutcome } from './forms.ts';
import { ordinal } from './rules.ts';
import { afterCareView, outcomeFormView, recordOutcome } from './service.ts';

const VIEWS = 'care/after-care/views';
const DONE: Record<string, string> = { check: 'Birthday check recorded.' };
const choose = (text: string) => ({ value: '', text });

/** A care leaver's birthday checks on their record: in touch, activity and accommodation (SSDA903 OC3). */
export async function afterCareRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { reader, actor, formPage } = childRecordSection(app, deps, { name: 'care/after-care', views: VIEWS });

  app.get<{ Params: RecordParams; Querystring: { done?: string } }>('/children/:childId/care/after-care', reader, async (request, reply) => {
    const view = await afterCareView(actor(request));
    return reply.render(`${VIEWS}/after-care.njk`, {
      title: `${view.child.name}: in touch, activity and accommodation`,
      activeTab: 'care',
      done: request.query.done ? DONE[request.query.done] : undefined,
      ...view,
    });
  });

  formPage({
    path: 'new',
    template: 'outcome-form.njk',
    title: 'Record a birthday check',
    view: (a) => outcomeFormView(a),
    model: (values, errors) => ({
      activeTab: 'care',
      ageItems: [choose('Choose the birthday'), ...AGES.map((age) => ({ value: age, text: `${ordinal(Number(age))} birthday` }))],
      gatheredOnItems: dateItems(values, 'gatheredOn', errors),
      inTouchItems: [choose('Choose whether in touch'), ...codeOptions('careLeaverInTouch', { withCode: true })],
      activityItems: [choose('Choose the main activity'), ...codeOptions('careLeaverActivity', { withCode: true })],
      accommodationItems: [choose('Choose the kind of accommodation'), ...Object.entries(ACCOMMODATION_KINDS).map(([value, text]) => ({ value, text: `${value}: ${text}` }))],
    }),
    save: (a, _params, body) => recordOutcome(a, readOutcome(body)),
    done: 'check',
  });
}

/** The care leaver measures for managers and advisers, scoped by role; the figures as CSV. */
export async function leaverMeasuresRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const readers = { preHandler: requireRole(deps.db, ...ROLES.filter((r) => readsCaseRecords(r))) };
  app.get('/care/leavers', readers, async (request, reply) => {
    const now = deps.clock.now();
    const view = await leaverMeasuresView(deps.db, viewerOf(request), now, londonDate(now));
    return reply.render(`${VIEWS}/measures.njk`, { title: 'Care leavers: in touch, activity and accommodation', ...view });
  });
  app.get('/care/leavers.csv', readers, async (request, reply) => {
    const now = deps.clock.now();
    const rows = await leaverMeasuresCsv(deps.db, viewerOf(request), now, londonDate(now));
    return sendCsv(reply, `care-leavers-${londonDate(now)}.csv`, rows, { columns: CSV_COLUMNS });
  });
}
