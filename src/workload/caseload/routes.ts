import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.ts';
import { ROLES } from '../../platform/access/roles.ts';
import { londonDate, type Clock } from '../../platform/clock/clock.ts';
import { dateInputItems } from '../../platform/http/dates.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { requireRole } from '../../platform/http/web.ts';
import { viewerOf } from '../../platform/record-access/viewer.ts';
import { councilPage, landingPath, servicePage, teamPage, workerPage } from './pages.ts';
import { addReduction, assertMayManageReductions, endReduction, REDUCTION_REASON_LABELS } from './reductions.ts';

const VIEWS = 'workload/caseload/views';

const DONE_MESSAGES: Record<string, string> = {
  'reduction-added': 'Reduction added. The worker’s available points and variances have been updated.',
  'reduction-ended': 'Reduction ended from today. The worker’s available points and variances have been updated.',
  'reduction-withdrawn': 'Reduction withdrawn before it began. The worker’s available points and variances have been updated.',
  'reduction-unchanged': 'That reduction had already ended: nothing was changed.',
};

type Body = Record<string, unknown>;

/** Caseload pages: the drill-down from council to worker, and reductions. Administrators get 403. */
export async function caseloadRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const readers = { preHandler: requireRole(db, ...ROLES.filter((r) => r !== 'system_admin')) };
  const today = () => londonDate(clock.now());
  const changeContext = (request: FastifyRequest) => ({ viewer: viewerOf(request), audit: request.auditContext(), today: today(), now: clock.now() });

  app.get('/caseload', readers, async (request, reply) => {
    const landing = landingPath(viewerOf(request));
    if (landing !== 'council') return reply.redirect(landing);
    return reply.render(`${VIEWS}/level.njk`, await councilPage(db, viewerOf(request), today(), clock.now()));
  });

  app.get<{ Params: { serviceId: string } }>('/caseload/services/:serviceId', readers, async (request, reply) => {
    return reply.render(`${VIEWS}/level.njk`, await servicePage(db, viewerOf(request), request.params.serviceId, today(), clock.now()));
  });

  app.get<{ Params: { teamId: string } }>('/caseload/teams/:teamId', readers, async (request, reply) => {
    return reply.render(`${VIEWS}/level.njk`, await teamPage(db, viewerOf(request), request.params.teamId, today(), clock.now()));
  });

  app.get<{ Params: { userId: string }; Querystring: { done?: string } }>('/caseload/workers/:userId', readers, async (request, reply) => {
    const page = await workerPage(db, viewerOf(request), request.params.userId, today(), clock.now(), request.auditContext());
    return reply.render(`${VIEWS}/worker.njk`, {
      title: `Caseload: ${page.worker.name}`,
      ...page,
      done: request.query.done ? DONE_MESSAGES[request.query.done] : undefined,
    });
  });

  function reductionForm(worker: { id: string; name: string }, values: Body, errors: FieldErrors) {
    return {
      title: `Add a reduction for ${worker.name}`,
      worker: { id: worker.id, name: worker.name },
      values,
      errors,
      reasonItems: Object.entries(REDUCTION_REASON_LABELS).map(([value, text]) => ({ value, text, checked: values.reason === value })),
      startDateItems: dateInputItems(Object.keys(values).length ? values : undefined, 'startDate', null, Boolean(errors['startDate-day'])),
      endDateItems: dateInputItems(Object.keys(values).length ? values : undefined, 'endDate', null, Boolean(errors['endDate-day'])),
    };
  }

  app.get<{ Params: { userId: string } }>('/caseload/workers/:userId/reductions/new', readers, async (request, reply) => {
    const worker = await assertMayManageReductions(db, changeContext(request), request.params.userId);
    return reply.render(`${VIEWS}/reduction-new.njk`, reductionForm(worker, {}, {}));
  });

  app.post<{ Params: { userId: string } }>('/caseload/workers/:userId/reductions/new', readers, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const result = await addReduction(db, changeContext(request), request.params.userId, body);
    if (result.ok) return reply.redirect(`/caseload/workers/${request.params.userId}?done=reduction-added`, 303);
    return reply.code(400).render(`${VIEWS}/reduction-new.njk`, reductionForm(result.worker, body, result.errors));
  });

  app.post<{ Params: { userId: string; reductionId: string } }>(
    '/caseload/workers/:userId/reductions/:reductionId/end',
    readers,
    async (request, reply) => {
      const outcome = await endReduction(db, changeContext(request), request.params.userId, request.params.reductionId);
      return reply.redirect(`/caseload/workers/${request.params.userId}?done=reduction-${outcome}`, 303);
    },
  );
}
