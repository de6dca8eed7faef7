import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { actorOf, requireCaseRecordReader } from '../../platform/record-access/viewer.ts';
import { allocationsPage, changeAllocation, changeFormView, DONE_MESSAGES } from './service.ts';

const VIEWS = 'workload/allocation/views';
type Params = { childId: string };
type Body = Record<string, unknown>;

/** A child's allocation history and the one form that changes who works with them. */
export async function allocationRoutes(app: FastifyInstance, deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const reader = { preHandler: requireCaseRecordReader };
  const actor = actorOf(db, clock);

  app.get<{ Params: Params; Querystring: { done?: string } }>('/children/:childId/allocations', reader, async (request, reply) => {
    const view = await allocationsPage(actor(request));
    return reply.render(`${VIEWS}/allocations.njk`, {
      title: `${view.child.name}: allocation`,
      activeTab: 'allocations',
      done: request.query.done ? DONE_MESSAGES[request.query.done] : undefined,
      ...view,
    });
  });

  app.get<{ Params: Params; Querystring: Body }>('/children/:childId/allocations/change', reader, async (request, reply) => {
    const view = await changeFormView(actor(request), request.query);
    return reply.render(`${VIEWS}/change.njk`, { title: `${view.child.name}: ${view.heading.toLowerCase()}`, activeTab: 'allocations', ...view });
  });

  app.post<{ Params: Params; Body: Body }>('/children/:childId/allocations/change', reader, async (request, reply) => {
    const a = actor(request);
    const outcome = await changeAllocation(a, request.body ?? {});
    if (!outcome.ok) {
      const view = outcome.view;
      return reply.code(outcome.status).render(`${VIEWS}/change.njk`, { title: `${view.child.name}: ${view.heading.toLowerCase()}`, activeTab: 'allocations', ...view });
    }
    if (outcome.stillVisible) return reply.redirect(`/children/${a.childId}/allocations?done=${outcome.done}`, 303);
    // The child moved to a team outside the manager's view: back to their own team's list.
    const viewer = a.viewer;
    const to = viewer.teamId && viewer.role !== 'service_manager' ? `/teams/${viewer.teamId}/children?done=moved` : '/teams?done=moved';
    return reply.redirect(to, 303);
  });
}
