import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import { ROLES } from '../../platform/access/roles.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { dateItems } from '../../platform/http/forms.ts';
import { requireRole } from '../../platform/http/web.ts';
import { childRecordSection, type RecordParams } from '../../platform/record-access/record-section.ts';
import { readerOf } from '../../platform/record-access/viewer.ts';
import { LEARNED_MAX, OFFERED_BY_MAX, readEpisode, readInterview, readReturn, WHERE_FOUND_MAX } from './forms.ts';
import { episodeFormView, interviewFormView, missingOverview, missingView, recordEpisode, recordInterview, recordReturn, returnFormView } from './service.ts';

const VIEWS = 'care/missing/views';

const DONE: Record<string, string> = {
  episode: 'Episode recorded.',
  return: 'Return recorded. The return interview is due within 72 hours.',
  interview: 'Return interview recorded.',
};

/** A child's missing episodes and return interviews, on their record: mounted by the child's record, which owns /children/:childId/... */
export async function missingRecordRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { reader, actor, formPage } = childRecordSection(app, deps, { name: 'care/missing', views: VIEWS });
  const onCareTab = { activeTab: 'care' };

  app.get<{ Params: RecordParams; Querystring: { done?: string } }>('/children/:childId/care/missing', reader, async (request, reply) => {
    const view = await missingView(actor(request));
    return reply.render(`${VIEWS}/missing.njk`, {
      title: `${view.child.name}: missing from care or home`,
      ...onCareTab,
      done: request.query.done ? DONE[request.query.done] : undefined,
      ...view,
    });
  });

  formPage({
    path: 'new',
    template: 'episode-form.njk',
    title: 'Record a missing episode',
    view: (a) => episodeFormView(a),
    model: (values, errors) => ({
      ...onCareTab,
      startDateItems: dateItems(values, 'startDate', errors),
      endDateItems: dateItems(values, 'endDate', errors),
      whereFoundMax: WHERE_FOUND_MAX,
    }),
    save: (a, _params, body) => recordEpisode(a, readEpisode(body)),
    done: 'episode',
  });

  formPage({
    path: ':missingId/return',
    template: 'return-form.njk',
    title: 'Record the return',
    view: (a, params) => returnFormView(a, params.missingId!),
    model: (values, errors) => ({ ...onCareTab, endDateItems: dateItems(values, 'endDate', errors), whereFoundMax: WHERE_FOUND_MAX }),
    save: (a, params, body) => recordReturn(a, params.missingId!, readReturn(body)),
    done: 'return',
  });

  formPage({
    path: ':missingId/interview',
    template: 'interview-form.njk',
    title: 'Record the return interview',
    view: (a, params) => interviewFormView(a, params.missingId!),
    model: (values, errors) => ({
      ...onCareTab,
      offeredOnItems: dateItems(values, 'offeredOn', errors),
      heldOnItems: dateItems(values, 'heldOn', errors),
      offeredByMax: OFFERED_BY_MAX,
      learnedMax: LEARNED_MAX,
    }),
    save: (a, params, body) => recordInterview(a, params.missingId!, readInterview(body)),
    done: 'interview',
  });
}

/** Children missing now, going missing repeatedly, or with a return interview overdue, in the viewer's scope. Administrators get 403. */
export async function missingRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const readers = { preHandler: requireRole(db, ...ROLES.filter((r) => r !== 'system_admin')) };
  const reader = readerOf(db, clock);

  app.get('/care/missing', readers, async (request, reply) => {
    const view = await missingOverview(reader(request));
    return reply.render(`${VIEWS}/overview.njk`, { title: 'Children missing from care or home', ...view });
  });
}
